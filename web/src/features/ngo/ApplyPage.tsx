import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';
import { errorsByField } from '../../app/errors';
import { formatDate } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';

const ApplyPageDocument = graphql(`
  query ApplyPage($callId: String!) {
    grantCall(id: $callId) {
      id
      title
      status
      closesAt
    }
    applications(filter: { callId: $callId }, first: 1) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const CreateApplicationDocument = graphql(`
  mutation CreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      application {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/** "Apply" on a call: the organisation's draft for it, started here when there is none yet. */
export default function ApplyPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const callId = useParams().id ?? '';
  const navigate = useNavigate();
  usePageTitle(t('apply.title'));
  const { data, loading, error, refetch } = useQuery(ApplyPageDocument, { variables: { callId } });
  const [create, creating] = useMutation(CreateApplicationDocument);
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const existing = data?.applications.edges[0]?.node.id;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (title.trim().length < 3) {
      setErrors({ projectTitle: t('apply.titleHint') });
      return;
    }
    try {
      const { data: r } = await create({ variables: { input: { callId, projectTitle: title.trim() } } });
      const p = r?.createApplication;
      if (p?.application) {
        await navigate(`/ngo/applications/${encodeURIComponent(p.application.id)}`, { replace: true });
      } else setErrors(errorsByField(p?.errors ?? [], t, ['projectTitle']));
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  if (existing) return <Navigate to={`/ngo/applications/${encodeURIComponent(existing)}`} replace />;
  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      <Stack maw={640}>
        <Title order={1}>{t('apply.title')}</Title>
        {data?.grantCall ? (
          <>
            <Text>
              {data.grantCall.title} — {t('call.deadline', { date: formatDate(data.grantCall.closesAt, lang, true) })}
            </Text>
            {data.grantCall.status !== 'OPEN' && <Alert color="yellow">{t('call.notOpen')}</Alert>}
            <Paper withBorder p="md" component="form" onSubmit={(e) => void onSubmit(e)} noValidate>
              <Stack>
                {errors._form && (
                  <Alert color="red" role="alert">
                    {errors._form}
                  </Alert>
                )}
                <Text>{t('apply.intro')}</Text>
                <TextInput
                  label={t('appForm.projectTitle')}
                  description={t('apply.titleHint')}
                  required
                  value={title}
                  onChange={(e) => setTitle(e.currentTarget.value)}
                  error={errors.projectTitle}
                />
                <Button type="submit" loading={creating.loading} disabled={data.grantCall.status !== 'OPEN'}>
                  {t('apply.start')}
                </Button>
              </Stack>
            </Paper>
          </>
        ) : (
          <Alert color="yellow">{t('call.notFound')}</Alert>
        )}
      </Stack>
    </QueryState>
  );
}
