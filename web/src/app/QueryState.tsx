import { Alert, Button, Center, Loader, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { failureKind } from './apollo';

interface Props {
  loading: boolean;
  error: unknown;
  hasData: boolean;
  onRetry: () => void;
  children: ReactNode;
}

/** Loading, failure (with a retry when it may help) or the content: never a blank page. */
export function QueryState({ loading, error, hasData, onRetry, children }: Props) {
  const { t } = useTranslation();
  if (hasData) return <>{children}</>;
  if (error) {
    const kind = failureKind(error);
    return (
      <Alert color="red" title={t(`failure.${kind}.title`)} role="alert">
        <Stack gap="sm" align="flex-start">
          <Text>{t(`failure.${kind}.body`)}</Text>
          {(kind === 'unavailable' || kind === 'unexpected') && (
            <Button onClick={onRetry} variant="filled" color="red">
              {t('failure.retry')}
            </Button>
          )}
        </Stack>
      </Alert>
    );
  }
  if (loading) {
    return (
      <Center mih={200}>
        <Loader aria-hidden />
        <VisuallyHidden role="status">{t('common.loading')}</VisuallyHidden>
      </Center>
    );
  }
  return null;
}
