import {
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENTION } from './colors';
import { graphql } from '../../gql';
import type { OrganizationPageQuery } from '../../gql/graphql';
import { failureKind } from '../../app/apollo';
import { countryOptions } from '../../app/countries';
import { errorsByField } from '../../app/errors';
import { formatDate } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { useMyOrganization } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import classes from './ngo.module.css';
import { PermissionButton } from './PermissionButton';

const OrganizationPageDocument = graphql(`
  query OrganizationPage($id: String!) {
    organization(id: $id) {
      id
      legalName
      country
      registrationNumber
      registrationDate
      website
      countriesOfOperation
      vettingStatus
      vettedAt
      hasBankAccount
      bankAccount {
        accountHolder
        bankName
        bankCountry
        iban
        accountNumber
        swift
        status
        changedAt
        confirmedAt
      }
      permissions {
        update {
          allowed
          reason
          code
        }
        setBankAccount {
          allowed
          reason
          code
        }
      }
    }
  }
`);

const UpdateOrganizationDocument = graphql(`
  mutation UpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      organization {
        id
        legalName
        country
        registrationNumber
        website
        countriesOfOperation
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const SetBankAccountDocument = graphql(`
  mutation SetBankAccount($input: SetBankAccountInput!) {
    setBankAccount(input: $input) {
      organization {
        id
        hasBankAccount
        bankAccount {
          accountHolder
          bankName
          bankCountry
          iban
          accountNumber
          swift
          status
          changedAt
          confirmedAt
        }
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type Org = NonNullable<OrganizationPageQuery['organization']>;

/** The organisation's profile and bank account (a change waits for the secretariat's confirmation). */
export default function OrganizationPage() {
  const { t } = useTranslation();
  usePageTitle(t('org.title'));
  const mine = useMyOrganization('NGO');
  const { data, loading, error, refetch } = useQuery(OrganizationPageDocument, {
    variables: { id: mine?.id ?? '' },
    skip: !mine,
  });
  return (
    <Stack gap="lg">
      <Title order={1}>{t('org.title')}</Title>
      {!mine && <Alert color="yellow">{t('ngo.noOrganization')}</Alert>}
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        {data?.organization && (
          <>
            <ProfileForm org={data.organization} />
            <BankAccountForm org={data.organization} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

const PROFILE_FIELDS = ['legalName', 'country', 'registrationNumber', 'website', 'countriesOfOperation'] as const;

function ProfileForm({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const countries = useMemo(() => countryOptions(lang), [lang]);
  const [v, setV] = useState({
    legalName: org.legalName,
    country: org.country,
    registrationNumber: org.registrationNumber ?? '',
    website: org.website ?? '',
    countriesOfOperation: org.countriesOfOperation,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useMutation(UpdateOrganizationDocument, {
    refetchQueries: [OrganizationPageDocument],
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (!v.legalName.trim()) return setErrors({ legalName: t('form.required') });
    try {
      const { data } = await update({
        variables: {
          input: {
            organizationId: org.id,
            legalName: v.legalName.trim(),
            country: v.country,
            registrationNumber: v.registrationNumber.trim() || null,
            website: v.website.trim() || null,
            countriesOfOperation: v.countriesOfOperation,
          },
        },
      });
      const errs = data?.updateOrganization.errors ?? [];
      setErrors(errorsByField(errs, t, PROFILE_FIELDS));
      setSaved(errs.length === 0);
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3">
            {t('org.profile')}
          </Title>
          <Badge color={org.vettingStatus === 'VERIFIED' ? 'teal.9' : 'gray.8'}>
            {t(`vetting.${org.vettingStatus}`)}
          </Badge>
        </Group>
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <TextInput
          label={t('register.legalName')}
          description={t('org.legalNameHint')}
          required
          value={v.legalName}
          onChange={(e) => setV({ ...v, legalName: e.currentTarget.value })}
          error={errors.legalName}
        />
        <Select
          label={t('register.country')}
          searchable
          data={countries}
          value={v.country}
          onChange={(c) => setV({ ...v, country: c ?? v.country })}
          allowDeselect={false}
          error={errors.country}
          nothingFoundMessage={t('form.nothingFound')}
        />
        <TextInput
          label={t('register.registrationNumber')}
          value={v.registrationNumber}
          onChange={(e) => setV({ ...v, registrationNumber: e.currentTarget.value })}
          error={errors.registrationNumber}
        />
        <TextInput
          label={t('org.website')}
          type="url"
          value={v.website}
          onChange={(e) => setV({ ...v, website: e.currentTarget.value })}
          error={errors.website}
        />
        <MultiSelect
          label={t('org.countriesOfOperation')}
          searchable
          data={countries}
          value={v.countriesOfOperation}
          onChange={(c) => setV({ ...v, countriesOfOperation: c })}
          error={errors.countriesOfOperation}
          nothingFoundMessage={t('form.nothingFound')}
        />
        <Group>
          <PermissionButton type="submit" loading={loading} permission={org.permissions.update}>
            {t('org.saveProfile')}
          </PermissionButton>
          <Text size="sm" role="status" aria-live="polite">
            {saved ? t('common.saved') : ''}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

const BANK_FIELDS = ['accountHolder', 'iban', 'accountNumber', 'swift', 'bankName', 'bankCountry'] as const;
type BankField = (typeof BANK_FIELDS)[number];

function BankAccountForm({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const countries = useMemo(() => countryOptions(lang), [lang]);
  const account = org.bankAccount;
  const [kind, setKind] = useState<'iban' | 'number'>(account?.accountNumber ? 'number' : 'iban');
  const [v, setV] = useState<Record<BankField, string>>({
    accountHolder: account?.accountHolder ?? org.legalName,
    iban: '',
    accountNumber: '',
    swift: account?.swift ?? '',
    bankName: account?.bankName ?? '',
    bankCountry: account?.bankCountry ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState(!account);
  const [setBank, { loading }] = useMutation(SetBankAccountDocument);
  const set = (f: BankField) => (value: string) => setV((x) => ({ ...x, [f]: value }));

  function validate(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of ['accountHolder', 'bankName'] as const) if (!v[f].trim()) out[f] = t('form.required');
    if (kind === 'iban' && !v.iban.trim()) out.iban = t('form.required');
    if (kind === 'number') {
      if (!v.accountNumber.trim()) out.accountNumber = t('form.required');
      if (!v.swift.trim()) out.swift = t('org.bank.swiftRequired');
      if (!v.bankCountry) out.bankCountry = t('form.required');
    }
    if (v.swift.trim() && !/^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$/.test(v.swift.trim()))
      out.swift = t('org.bank.swiftFormat');
    return out;
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const { data } = await setBank({
        variables: {
          input: {
            organizationId: org.id,
            accountHolder: v.accountHolder.trim(),
            bankName: v.bankName.trim(),
            ...(kind === 'iban' ? { iban: v.iban.trim() } : { accountNumber: v.accountNumber.trim() }),
            swift: v.swift.trim() || null,
            bankCountry: v.bankCountry || null,
          },
        },
      });
      const errs = data?.setBankAccount.errors ?? [];
      setErrors(errorsByField(errs, t, BANK_FIELDS));
      if (!errs.length) setEditing(false);
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3">
            {t('org.bank.title')}
          </Title>
          {account && (
            <Badge color={account.status === 'CONFIRMED' ? 'teal.9' : ATTENTION}>
              {t(`org.bank.status.${account.status}`)}
            </Badge>
          )}
        </Group>
        {account?.status === 'PENDING_CONFIRMATION' && (
          <Alert color={ATTENTION} title={t('org.bank.pendingTitle')}>
            {t('org.bank.pendingBody')}
          </Alert>
        )}
        {account && (
          <dl className={classes.facts}>
            <dt>{t('org.bank.accountHolder')}</dt>
            <dd>{account.accountHolder}</dd>
            <dt>{account.iban ? t('org.bank.iban') : t('org.bank.accountNumber')}</dt>
            <dd>{account.iban ?? account.accountNumber}</dd>
            <dt>{t('org.bank.bankName')}</dt>
            <dd>{account.bankName}</dd>
            {account.swift && (
              <>
                <dt>{t('org.bank.swift')}</dt>
                <dd>{account.swift}</dd>
              </>
            )}
            {account.changedAt && (
              <>
                <dt>{t('org.bank.changedAt')}</dt>
                <dd>{formatDate(account.changedAt, lang, true)}</dd>
              </>
            )}
          </dl>
        )}
        {!editing ? (
          <PermissionButton
            variant="default"
            onClick={() => setEditing(true)}
            permission={org.permissions.setBankAccount}
          >
            {t('org.bank.change')}
          </PermissionButton>
        ) : (
          <form onSubmit={(e) => void onSubmit(e)} noValidate>
            <Stack>
              {errors._form && (
                <Alert color="red" role="alert">
                  {errors._form}
                </Alert>
              )}
              <Text size="sm">{t('org.bank.changeWarning')}</Text>
              <TextInput
                label={t('org.bank.accountHolder')}
                required
                value={v.accountHolder}
                onChange={(e) => set('accountHolder')(e.currentTarget.value)}
                error={errors.accountHolder}
              />
              <Radio.Group
                label={t('org.bank.kind')}
                value={kind}
                onChange={(k) => setKind(k === 'number' ? 'number' : 'iban')}
              >
                <Group mt={4} gap="md">
                  <Radio value="iban" label={t('org.bank.kindIban')} />
                  <Radio value="number" label={t('org.bank.kindNumber')} />
                </Group>
              </Radio.Group>
              {kind === 'iban' ? (
                <TextInput
                  label={t('org.bank.iban')}
                  required
                  value={v.iban}
                  onChange={(e) => set('iban')(e.currentTarget.value)}
                  error={errors.iban}
                  autoComplete="off"
                />
              ) : (
                <TextInput
                  label={t('org.bank.accountNumber')}
                  required
                  value={v.accountNumber}
                  onChange={(e) => set('accountNumber')(e.currentTarget.value)}
                  error={errors.accountNumber}
                  autoComplete="off"
                />
              )}
              <TextInput
                label={t('org.bank.bankName')}
                required
                value={v.bankName}
                onChange={(e) => set('bankName')(e.currentTarget.value)}
                error={errors.bankName}
              />
              <TextInput
                label={t('org.bank.swift')}
                required={kind === 'number'}
                value={v.swift}
                onChange={(e) => set('swift')(e.currentTarget.value)}
                error={errors.swift}
              />
              <Select
                label={t('org.bank.bankCountry')}
                description={kind === 'iban' ? t('org.bank.bankCountryHint') : undefined}
                required={kind === 'number'}
                searchable
                clearable
                data={countries}
                value={v.bankCountry || null}
                onChange={(c) => set('bankCountry')(c ?? '')}
                error={errors.bankCountry}
                nothingFoundMessage={t('form.nothingFound')}
              />
              <Group>
                <PermissionButton type="submit" loading={loading} permission={org.permissions.setBankAccount}>
                  {t('org.bank.save')}
                </PermissionButton>
                {account && (
                  <Button variant="default" onClick={() => setEditing(false)}>
                    {t('common.cancel')}
                  </Button>
                )}
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
