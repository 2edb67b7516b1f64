import { ActionIcon, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../../app/countries';
import {
  AGE,
  ASSISTANCE,
  EXPLOITATION,
  SEX,
  type CountProblem,
  type CountsCheck,
  type CountsDraft,
  type SummedDimension,
} from './counts';

interface Props {
  value: CountsDraft;
  onChange: (d: CountsDraft) => void;
  check: CountsCheck;
  /** API errors by dimension (`bySex`, …), in the user's language. */
  apiErrors: Record<string, string>;
}

type CellDimension = 'bySex' | 'byAgeGroup' | 'byExploitation' | 'byAssistance';

const KEYS: Record<CellDimension, readonly string[]> = {
  bySex: SEX,
  byAgeGroup: AGE,
  byExploitation: EXPLOITATION,
  byAssistance: ASSISTANCE,
};
const LABELS: Record<CellDimension, string> = {
  bySex: 'stats.keys.sex',
  byAgeGroup: 'stats.keys.age',
  byExploitation: 'stats.keys.exploitation',
  byAssistance: 'stats.keys.assistance',
};

/**
 * Victims newly assisted in the period: the total, then each breakdown with what it adds up to
 * now (sex, age group, form of exploitation and nationality must equal the total; each kind of
 * assistance at most the total).
 */
export function CountsForm({ value, onChange, check, apiErrors }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const countries = useMemo(() => countryOptions(lang), [lang]);
  const problemText = (p: CountProblem | undefined): string | undefined => {
    if (!p) return undefined;
    switch (p.kind) {
      case 'notWholeNumber':
        return t('appForm.wholeNumber');
      case 'sumMismatch':
        return t('report.counts.sumMismatch', { sum: p.sum, total: p.total });
      case 'aboveTotal':
        return t('report.counts.aboveTotal', { total: p.total });
      case 'countryMissing':
        return t('report.counts.countryMissing');
      case 'countryTwice':
        return t('report.counts.countryTwice');
    }
  };
  const setCell = (dim: CellDimension, key: string, v: string) =>
    onChange({ ...value, [dim]: { ...value[dim], [key]: v } });

  const sumLine = (dim: SummedDimension) => {
    const p = check.problems[dim];
    const text = p ? problemText(p) : t('report.counts.addsUp', { sum: check.sums[dim], total: check.total ?? 0 });
    return (
      <Text size="sm" c={p ? 'red.9' : 'teal.9'} aria-live="polite" data-testid={`sum-${dim}`}>
        {text}
        {apiErrors[dim] ? ` ${apiErrors[dim]}` : ''}
      </Text>
    );
  };

  const cells = (dim: CellDimension) => (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minInlineSize: 0 }}>
      <Title order={3} size="h5" component="legend" mb={4}>
        {t(`report.counts.${dim}`)}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="xs">
        {KEYS[dim].map((k) => (
          <TextInput
            key={k}
            label={t(`${LABELS[dim]}.${k}`)}
            inputMode="numeric"
            value={value[dim][k as keyof (typeof value)[typeof dim]]}
            onChange={(e) => setCell(dim, k, e.currentTarget.value)}
            error={problemText(check.problems[`${dim}.${k}`]) ?? apiErrors[`${dim}.${k}`]}
            placeholder="0"
          />
        ))}
      </SimpleGrid>
      {dim === 'byAssistance' ? <Text size="sm">{t('report.counts.assistanceHint')}</Text> : sumLine(dim)}
    </fieldset>
  );

  return (
    <Stack gap="md">
      <TextInput
        label={t('report.counts.total')}
        description={t('report.counts.totalHint')}
        required
        inputMode="numeric"
        value={value.total}
        onChange={(e) => onChange({ ...value, total: e.currentTarget.value })}
        error={problemText(check.problems.total) ?? apiErrors.total}
        maw={260}
      />
      {cells('bySex')}
      {cells('byAgeGroup')}
      {cells('byExploitation')}
      <fieldset style={{ border: 0, padding: 0, margin: 0, minInlineSize: 0 }}>
        <Title order={3} size="h5" component="legend" mb={4}>
          {t('report.counts.byNationality')}
        </Title>
        <Stack gap="xs">
          {value.byNationality.map((n, i) => (
            <Group key={i} align="flex-end" wrap="wrap" gap="xs">
              <Select
                label={t('report.counts.nationalityOf', { n: i + 1 })}
                searchable
                data={countries}
                value={n.country || null}
                onChange={(c) =>
                  onChange({
                    ...value,
                    byNationality: value.byNationality.map((x, j) => (j === i ? { ...x, country: c ?? '' } : x)),
                  })
                }
                nothingFoundMessage={t('form.nothingFound')}
                w={220}
              />
              <TextInput
                label={t('report.counts.nationalityCountOf', { n: i + 1 })}
                inputMode="numeric"
                value={n.count}
                onChange={(e) => {
                  const count = e.currentTarget.value;
                  onChange({
                    ...value,
                    byNationality: value.byNationality.map((x, j) => (j === i ? { ...x, count } : x)),
                  });
                }}
                error={problemText(check.problems[`byNationality.${i}`]) ?? apiErrors[`byNationality.${i}`]}
                w={140}
              />
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('report.counts.removeNationality', { n: i + 1 })}
                onClick={() => onChange({ ...value, byNationality: value.byNationality.filter((_, j) => j !== i) })}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="default"
            style={{ alignSelf: 'flex-start' }}
            onClick={() => onChange({ ...value, byNationality: [...value.byNationality, { country: '', count: '' }] })}
          >
            {t('report.counts.addNationality')}
          </Button>
          {sumLine('byNationality')}
        </Stack>
      </fieldset>
      {cells('byAssistance')}
    </Stack>
  );
}
