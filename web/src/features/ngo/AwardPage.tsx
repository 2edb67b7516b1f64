import { Alert, Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { ATTENTION, TRANCHE_STATUS_COLOR } from './colors';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { formatDate, formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import classes from './ngo.module.css';

const AwardPageDocument = graphql(`
  query AwardPage($id: String!) {
    award(id: $id) {
      id
      status
      startDate
      endDate
      approvedAt
      amount {
        amount
        currency
      }
      paid {
        amount
        currency
      }
      application {
        id
        projectTitle
      }
      call {
        id
        title
      }
      tranches {
        id
        number
        status
        plannedDate
        requestedAt
        paidOn
        amount {
          amount
          currency
        }
        paidAmount {
          amount
          currency
        }
        condition {
          id
          kind
          status
          dueDate
        }
      }
      reports {
        id
        kind
        status
        dueDate
        currentSubmission {
          version
          submittedAt
        }
      }
      amendments {
        id
        status
        reason
        decidedAt
        oldTotal {
          amount
          currency
        }
        newTotal {
          amount
          currency
        }
      }
    }
  }
`);

const REPORT_COLOR: Record<string, string> = {
  DUE: 'blue.9',
  OVERDUE: 'red.9',
  SUBMITTED: 'indigo.9',
  REVISION_REQUESTED: ATTENTION,
  ACCEPTED: 'teal.9',
  WAIVED: 'gray.8',
};

/** A grant: its payment schedule with the conditions of each tranche, and its reports. */
export default function AwardPage() {
  const id = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data, loading, error, refetch } = useQuery(AwardPageDocument, { variables: { id } });
  const award = data?.award;
  usePageTitle(award?.application.projectTitle ?? t('grant.title'));
  const money = (m: { amount: string; currency: string }) => formatMoney(m, lang);
  const reportLink = (r: { id: string; kind: string; dueDate: string }) => (
    <Anchor component={Link} to={`/ngo/reports/${encodeURIComponent(r.id)}`}>
      {t('grant.reportName', { kind: t(`grant.reportKind.${r.kind}`), date: formatDate(r.dueDate, lang) })}
    </Anchor>
  );

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {award ? (
        <Stack gap="lg">
          <div>
            <Text size="sm">
              <Anchor component={Link} to="/ngo">
                {t('nav.ngoHome')}
              </Anchor>
            </Text>
            <Title order={1}>{award.application.projectTitle}</Title>
            <Group gap="xs" mt="xs">
              <Badge color={award.status === 'ACTIVE' ? 'teal.9' : 'gray.8'}>{t(`grant.status.${award.status}`)}</Badge>
              <Anchor component={Link} to={`/ngo/applications/${encodeURIComponent(award.application.id)}`}>
                {t('grant.application')}
              </Anchor>
            </Group>
          </div>
          <Paper withBorder p="md">
            <dl className={classes.facts}>
              <dt>{t('grant.amount')}</dt>
              <dd>{money(award.amount)}</dd>
              <dt>{t('grant.paid')}</dt>
              <dd>{money(award.paid)}</dd>
              <dt>{t('grant.period')}</dt>
              <dd>
                {formatDate(award.startDate, lang)} – {formatDate(award.endDate, lang)}
              </dd>
              <dt>{t('application.call')}</dt>
              <dd>{award.call.title}</dd>
            </dl>
          </Paper>

          <section aria-labelledby="tranches-title">
            <Title order={2} size="h3" id="tranches-title" mb="xs">
              {t('grant.tranches')}
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('grant.tranche')}</Table.Th>
                    <Table.Th scope="col">{t('grant.plannedDate')}</Table.Th>
                    <Table.Th scope="col">{t('grant.amount')}</Table.Th>
                    <Table.Th scope="col">{t('grant.condition')}</Table.Th>
                    <Table.Th scope="col">{t('application.statusLabel')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {award.tranches.map((tr) => (
                    <Table.Tr key={tr.id} data-testid={`tranche-${tr.number}`}>
                      <Table.Td>{tr.number}</Table.Td>
                      <Table.Td>{formatDate(tr.plannedDate, lang)}</Table.Td>
                      <Table.Td>{money(tr.amount)}</Table.Td>
                      <Table.Td>
                        {tr.condition ? (
                          <>
                            {t('grant.conditionReport')} {reportLink(tr.condition)} (
                            {t(`grant.reportStatus.${tr.condition.status}`)})
                          </>
                        ) : (
                          t('grant.noCondition')
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={TRANCHE_STATUS_COLOR[tr.status]}>{t(`grant.trancheStatus.${tr.status}`)}</Badge>
                        {tr.paidOn && <Text size="xs">{formatDate(tr.paidOn, lang)}</Text>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>

          <section aria-labelledby="reports-title">
            <Title order={2} size="h3" id="reports-title" mb="xs">
              {t('grant.reports')}
            </Title>
            <Stack gap="xs">
              {award.reports.map((r) => (
                <Group key={r.id} justify="space-between" wrap="wrap">
                  {reportLink(r)}
                  <Group gap="xs">
                    {r.currentSubmission && (
                      <Text size="sm">
                        {t('grant.lastSubmitted', {
                          version: r.currentSubmission.version,
                          date: formatDate(r.currentSubmission.submittedAt, lang),
                        })}
                      </Text>
                    )}
                    <Badge color={REPORT_COLOR[r.status]}>{t(`grant.reportStatus.${r.status}`)}</Badge>
                  </Group>
                </Group>
              ))}
            </Stack>
          </section>

          {award.amendments.length > 0 && (
            <section aria-labelledby="amendments-title">
              <Title order={2} size="h3" id="amendments-title" mb="xs">
                {t('grant.amendments')}
              </Title>
              {award.amendments.map((a) => (
                <Text key={a.id}>
                  {t('grant.amendment', { from: money(a.oldTotal), to: money(a.newTotal), reason: a.reason })} —{' '}
                  {t(`grant.amendmentStatus.${a.status}`)}
                </Text>
              ))}
            </section>
          )}
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}
