import { useState } from 'react';
import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { ATTENTION } from '../ngo/colors';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { errorsByField } from '../../app/errors';
import { countryName, formatDate } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { PermissionButton } from '../ngo/PermissionButton';
import classes from '../ngo/ngo.module.css';

const VettingDocument = graphql(`
  query SecOrganization($id: String!) {
    organization(id: $id) {
      id
      legalName
      kind
      country
      registrationNumber
      registrationDate
      website
      countriesOfOperation
      vettingStatus
      vettingReason
      vettedAt
      bankAccount {
        accountHolder
        bankName
        bankCountry
        iban
        accountNumber
        swift
        status
        changedAt
      }
      permissions {
        verify {
          allowed
          code
          reason
        }
        reject {
          allowed
          code
          reason
        }
        confirmBankAccount {
          allowed
          code
          reason
        }
      }
    }
  }
`);

const VetDocument = graphql(`
  mutation SecVet($input: VetOrganizationInput!) {
    vetOrganization(input: $input) {
      organization {
        id
        vettingStatus
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const ConfirmBankDocument = graphql(`
  mutation SecConfirmBank($input: ConfirmBankAccountInput!) {
    confirmBankAccount(input: $input) {
      organization {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/** Vetting an organisation with its facts, and confirming a change of its bank details (four eyes). */
export default function VettingPage() {
  const id = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data, loading, error, refetch } = useQuery(VettingDocument, { variables: { id } });
  const org = data?.organization;
  usePageTitle(org?.legalName ?? t('vet.title'));
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [vet, vetting] = useMutation(VetDocument);
  const [confirm, confirming] = useMutation(ConfirmBankDocument);

  const decide = async (status: 'VERIFIED' | 'REJECTED') => {
    const r = await vet({ variables: { input: { organizationId: id, status, reason } } });
    const errs = r.data?.vetOrganization.errors ?? [];
    setErrors(errorsByField(errs, t, ['reason']));
    if (!errs.length) void refetch();
  };
  const confirmBank = async (changedAt: string) => {
    const r = await confirm({ variables: { input: { organizationId: id, changedAt, note } } });
    const errs = r.data?.confirmBankAccount.errors ?? [];
    setErrors(errorsByField(errs, t, ['note']));
    if (!errs.length) void refetch();
  };

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {org ? (
        <Stack gap="lg">
          <div>
            <Text size="sm">
              <Anchor component={Link} to="/secretariat">
                {t('staffNav.inbox')}
              </Anchor>
            </Text>
            <Title order={1}>{org.legalName}</Title>
            <Badge mt="xs" color={org.vettingStatus === 'VERIFIED' ? 'teal.9' : ATTENTION}>
              {t(`vetting.${org.vettingStatus}`)}
            </Badge>
          </div>
          <Paper withBorder p="md">
            <dl className={classes.facts}>
              <dt>{t('vet.country')}</dt>
              <dd>{countryName(org.country, lang)}</dd>
              <dt>{t('vet.registration')}</dt>
              <dd>
                {[org.registrationNumber, org.registrationDate && formatDate(org.registrationDate, lang)]
                  .filter(Boolean)
                  .join(' · ') || '—'}
              </dd>
              <dt>{t('vet.website')}</dt>
              <dd>{org.website ?? '—'}</dd>
              <dt>{t('vet.operates')}</dt>
              <dd>{org.countriesOfOperation.map((c) => countryName(c, lang)).join(', ') || '—'}</dd>
              {org.vettingReason && (
                <>
                  <dt>{t('vet.lastDecision')}</dt>
                  <dd>
                    {org.vettingReason}
                    {org.vettedAt ? ` (${formatDate(org.vettedAt, lang)})` : ''}
                  </dd>
                </>
              )}
            </dl>
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="vet-title">
            <Title order={2} size="h3" id="vet-title" mb="xs">
              {t('vet.decide')}
            </Title>
            <Stack gap="sm">
              <Textarea
                label={t('vet.reason')}
                description={t('vet.reasonHint')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={errors.reason}
                autosize
                minRows={2}
              />
              <Group align="flex-start">
                <PermissionButton
                  permission={org.permissions.verify}
                  loading={vetting.loading}
                  disabled={reason.trim().length < 3}
                  onClick={() => void decide('VERIFIED')}
                >
                  {t('vet.verify')}
                </PermissionButton>
                <PermissionButton
                  permission={org.permissions.reject}
                  color="red.9"
                  variant="outline"
                  loading={vetting.loading}
                  disabled={reason.trim().length < 3}
                  onClick={() => void decide('REJECTED')}
                >
                  {t('vet.reject')}
                </PermissionButton>
              </Group>
            </Stack>
          </Paper>
          {org.bankAccount && (
            <Paper withBorder p="md" component="section" aria-labelledby="bank-title">
              <Title order={2} size="h3" id="bank-title" mb="xs">
                {t('vet.bankTitle')}
              </Title>
              <dl className={classes.facts}>
                <dt>{t('vet.accountHolder')}</dt>
                <dd>{org.bankAccount.accountHolder}</dd>
                <dt>{t('vet.bank')}</dt>
                <dd>
                  {org.bankAccount.bankName}
                  {org.bankAccount.bankCountry ? `, ${countryName(org.bankAccount.bankCountry, lang)}` : ''}
                </dd>
                <dt>{t('vet.account')}</dt>
                <dd>{org.bankAccount.iban ?? org.bankAccount.accountNumber}</dd>
                <dt>SWIFT/BIC</dt>
                <dd>{org.bankAccount.swift ?? '—'}</dd>
                <dt>{t('vet.bankStatus')}</dt>
                <dd>{t(`vet.bankStatusValue.${org.bankAccount.status}`)}</dd>
              </dl>
              {org.bankAccount.status === 'PENDING_CONFIRMATION' && org.bankAccount.changedAt && (
                <Stack gap="sm" mt="sm">
                  <Textarea
                    label={t('vet.confirmNote')}
                    value={note}
                    onChange={(e) => setNote(e.currentTarget.value)}
                    error={errors.note}
                    autosize
                    minRows={2}
                  />
                  <PermissionButton
                    permission={org.permissions.confirmBankAccount}
                    loading={confirming.loading}
                    disabled={note.trim().length < 3}
                    onClick={() => void confirmBank(org.bankAccount!.changedAt!)}
                  >
                    {t('vet.confirmBank')}
                  </PermissionButton>
                </Stack>
              )}
            </Paper>
          )}
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}
