import { Button, Stack, Text, type ButtonProps } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../gql/graphql';

export interface PermissionLike {
  allowed: boolean;
  reason?: string | null;
  code?: ErrorCode | null;
}

/** The reason of a refusal in the user's language: its ErrorCode's message, else a general one. */
export function usePermissionReason() {
  const { t } = useTranslation();
  return (p: PermissionLike): string => (p.code ? t(`errors.${p.code}`) : t('common.notAllowedNow'));
}

interface Props extends ButtonProps {
  permission: PermissionLike;
  onClick?: () => void;
  type?: 'button' | 'submit';
  children: ReactNode;
}

/** An action the API may refuse: disabled with the reason beside it when `permission` says no. */
export function PermissionButton({ permission, children, ...rest }: Props) {
  const reasonId = useId();
  const reason = usePermissionReason();
  return (
    <Stack gap={4} align="flex-start">
      <Button
        {...rest}
        disabled={!permission.allowed || rest.disabled}
        aria-describedby={permission.allowed ? undefined : reasonId}
      >
        {children}
      </Button>
      {!permission.allowed && (
        <Text size="sm" id={reasonId} c="dimmed">
          {reason(permission)}
        </Text>
      )}
    </Stack>
  );
}
