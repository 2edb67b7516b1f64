import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENTION } from './colors';
import { countryOptions } from '../../app/countries';
import { formatMoney } from '../../app/format';
import { checkBudget } from './budget';
import { TARGET_AGES, TARGET_SEXES, type ApplicationDraft, type ContentField } from './application-content';
import { EXPLOITATION } from './counts';

interface Props {
  draft: ApplicationDraft;
  onChange: (d: ApplicationDraft) => void;
  currency: string;
  /** Errors by field, already in the user's language. */
  errors: Record<string, string>;
  /** Fields changed since the last submitted version (highlighted when answering a request). */
  changed: Set<ContentField>;
  eligibleCountries: string[];
}

/** A field changed since the version the secretariat read: a coloured border and a "changed" badge. */
function Changed({ on, children }: { on: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  if (!on) return <>{children}</>;
  return (
    <Paper p="xs" withBorder style={{ borderColor: ATTENTION, borderWidth: 2 }}>
      <Badge color={ATTENTION} mb={4}>
        {t('appForm.changed')}
      </Badge>
      {children}
    </Paper>
  );
}

/** The content of an application: every field saved as the user types (see useAutosave). */
export function ApplicationForm({ draft, onChange, currency, errors, changed, eligibleCountries }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const set = <K extends keyof ApplicationDraft>(k: K, v: ApplicationDraft[K]) => onChange({ ...draft, [k]: v });
  const countries = useMemo(() => {
    const all = countryOptions(lang);
    return eligibleCountries.length ? all.filter((c) => eligibleCountries.includes(c.value)) : all;
  }, [lang, eligibleCountries]);
  const budget = checkBudget(draft.budgetLines, draft.requestedAmount, currency);
  const money = (amount: string) => formatMoney({ amount, currency }, lang);
  const budgetMessage =
    budget.state === 'balanced'
      ? t('appForm.budget.balanced', { total: money(budget.total) })
      : budget.state === 'under'
        ? t('appForm.budget.under', { total: money(budget.total), left: money(budget.difference) })
        : budget.state === 'over'
          ? t('appForm.budget.over', { total: money(budget.total), over: money(budget.difference.replace('-', '')) })
          : budget.state === 'empty'
            ? t('appForm.budget.empty')
            : t('appForm.budget.invalid');

  const setLine = (i: number, k: 'category' | 'description' | 'amount', v: string) =>
    set(
      'budgetLines',
      draft.budgetLines.map((l, j) => (j === i ? { ...l, [k]: v } : l)),
    );
  const setTarget = (i: number, k: 'sex' | 'ageGroup' | 'exploitation' | 'count', v: string) =>
    set(
      'targets',
      draft.targets.map((x, j) => (j === i ? { ...x, [k]: v } : x)),
    );

  return (
    <Stack>
      <Changed on={changed.has('projectTitle')}>
        <TextInput
          label={t('appForm.projectTitle')}
          required
          value={draft.projectTitle}
          onChange={(e) => set('projectTitle', e.currentTarget.value)}
          error={errors.projectTitle}
        />
      </Changed>
      <Changed on={changed.has('summary')}>
        <Textarea
          label={t('appForm.summary')}
          description={t('appForm.summaryHint')}
          required
          autosize
          minRows={4}
          value={draft.summary}
          onChange={(e) => set('summary', e.currentTarget.value)}
          error={errors.summary}
        />
      </Changed>
      <Group grow align="flex-start" wrap="wrap">
        <Changed on={changed.has('requestedAmount')}>
          <TextInput
            label={t('appForm.requestedAmount', { currency })}
            required
            inputMode="decimal"
            value={draft.requestedAmount}
            onChange={(e) => set('requestedAmount', e.currentTarget.value)}
            error={errors.requestedAmount}
            miw={200}
          />
        </Changed>
        <Changed on={changed.has('durationMonths')}>
          <TextInput
            label={t('appForm.durationMonths')}
            required
            inputMode="numeric"
            value={draft.durationMonths}
            onChange={(e) => set('durationMonths', e.currentTarget.value)}
            error={errors.durationMonths}
            miw={160}
          />
        </Changed>
        <Changed on={changed.has('startDate')}>
          <TextInput
            label={t('appForm.startDate')}
            type="date"
            value={draft.startDate}
            onChange={(e) => set('startDate', e.currentTarget.value)}
            error={errors.startDate}
            miw={160}
          />
        </Changed>
      </Group>
      <Changed on={changed.has('countries')}>
        <MultiSelect
          label={t('appForm.countries')}
          searchable
          data={countries}
          value={draft.countries}
          onChange={(v) => set('countries', v)}
          error={errors.countries}
          nothingFoundMessage={t('form.nothingFound')}
        />
      </Changed>

      <Changed on={changed.has('budgetLines')}>
        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0, minInlineSize: 0 }}>
          <Title order={2} size="h4" component="legend">
            {t('appForm.budget.title')}
          </Title>
          <Table.ScrollContainer minWidth={320}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('appForm.budget.category')}</Table.Th>
                  <Table.Th scope="col">{t('appForm.budget.description')}</Table.Th>
                  <Table.Th scope="col">{t('appForm.budget.amount', { currency })}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('appForm.budget.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {draft.budgetLines.map((l, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      <TextInput
                        aria-label={t('appForm.budget.categoryOf', { n: i + 1 })}
                        value={l.category}
                        onChange={(e) => setLine(i, 'category', e.currentTarget.value)}
                        error={budget.unnamedLines.includes(i) ? t('form.required') : undefined}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('appForm.budget.descriptionOf', { n: i + 1 })}
                        value={l.description}
                        onChange={(e) => setLine(i, 'description', e.currentTarget.value)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('appForm.budget.amountOf', { n: i + 1 })}
                        inputMode="decimal"
                        value={l.amount}
                        onChange={(e) => setLine(i, 'amount', e.currentTarget.value)}
                        error={budget.invalidLines.includes(i) ? t('appForm.invalidAmount') : undefined}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="default"
                        aria-label={t('appForm.budget.remove', { n: i + 1 })}
                        onClick={() =>
                          set(
                            'budgetLines',
                            draft.budgetLines.filter((_, j) => j !== i),
                          )
                        }
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" wrap="wrap">
            <Button
              variant="default"
              onClick={() => set('budgetLines', [...draft.budgetLines, { category: '', description: '', amount: '' }])}
            >
              {t('appForm.budget.add')}
            </Button>
          </Group>
          <Alert
            color={budget.state === 'balanced' ? 'teal' : 'yellow'}
            aria-live="polite"
            data-testid="budget-total"
            p="xs"
          >
            {budgetMessage}
          </Alert>
          {errors.budgetLines && (
            <Text c="red.9" size="sm" role="alert">
              {errors.budgetLines}
            </Text>
          )}
        </Stack>
      </Changed>

      <Changed on={changed.has('targetBeneficiaries')}>
        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0, minInlineSize: 0 }}>
          <Title order={2} size="h4" component="legend">
            {t('appForm.targets.title')}
          </Title>
          {draft.targets.map((x, i) => (
            <Group key={i} align="flex-end" wrap="wrap" gap="xs">
              <Select
                label={t('appForm.targets.sex')}
                aria-label={t('appForm.targets.sexOf', { n: i + 1 })}
                data={TARGET_SEXES.map((s) => ({ value: s, label: t(`appForm.targets.sexes.${s}`) }))}
                value={x.sex}
                onChange={(v) => setTarget(i, 'sex', v ?? 'FEMALE')}
                allowDeselect={false}
                w={140}
              />
              <Select
                label={t('appForm.targets.age')}
                aria-label={t('appForm.targets.ageOf', { n: i + 1 })}
                data={TARGET_AGES.map((s) => ({ value: s, label: t(`stats.keys.age.${s}`) }))}
                value={x.ageGroup}
                onChange={(v) => setTarget(i, 'ageGroup', v ?? 'ADULT')}
                allowDeselect={false}
                w={140}
              />
              <Select
                label={t('appForm.targets.exploitation')}
                aria-label={t('appForm.targets.exploitationOf', { n: i + 1 })}
                data={[
                  { value: '', label: t('appForm.targets.anyExploitation') },
                  ...EXPLOITATION.map((s) => ({ value: s, label: t(`stats.keys.exploitation.${s}`) })),
                ]}
                value={x.exploitation}
                onChange={(v) => setTarget(i, 'exploitation', v ?? '')}
                allowDeselect={false}
                w={200}
              />
              <TextInput
                label={t('appForm.targets.count')}
                aria-label={t('appForm.targets.countOf', { n: i + 1 })}
                inputMode="numeric"
                value={x.count}
                onChange={(e) => setTarget(i, 'count', e.currentTarget.value)}
                error={/^\d{1,8}$/.test(x.count.trim()) ? undefined : t('appForm.wholeNumber')}
                w={110}
              />
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('appForm.targets.remove', { n: i + 1 })}
                onClick={() =>
                  set(
                    'targets',
                    draft.targets.filter((_, j) => j !== i),
                  )
                }
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="default"
            onClick={() =>
              set('targets', [...draft.targets, { sex: 'FEMALE', ageGroup: 'ADULT', exploitation: '', count: '' }])
            }
            style={{ alignSelf: 'flex-start' }}
          >
            {t('appForm.targets.add')}
          </Button>
          {errors.targetBeneficiaries && (
            <Text c="red.9" size="sm" role="alert">
              {errors.targetBeneficiaries}
            </Text>
          )}
        </Stack>
      </Changed>
    </Stack>
  );
}
