import { useState } from 'react';
import { Alert, Anchor, Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { ATTENTION, SUCCESS } from '../ngo/colors';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { errorsByField } from '../../app/errors';
import { formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { useSession } from '../../app/session';
import { PermissionButton, usePermissionReason } from '../ngo/PermissionButton';
import { weightedTotal } from './rubric';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { applicationSlots } from '../documents/slots';

const ReviewPageDocument = graphql(`
  query BoardReview($id: String!) {
    application(id: $id) {
      id
      projectTitle
      summary
      status
      requestedAmount {
        amount
        currency
      }
      organization {
        id
        legalName
      }
      call {
        id
        title
        requiredDocuments
        rubric {
          key
          label
          weight
        }
      }
      permissions {
        review {
          allowed
          code
          reason
        }
        readReviews {
          allowed
          code
          reason
        }
      }
    }
  }
`);

const MyReviewsDocument = graphql(`
  query BoardMyReview($id: String!) {
    application(id: $id) {
      id
      reviews {
        id
        scores
        comment
        weightedTotal
        reviewer {
          id
        }
      }
    }
  }
`);

const ConfirmNoConflictDocument = graphql(`
  mutation BoardConfirmNoConflict($input: ConfirmNoConflictInput!) {
    confirmNoConflict(input: $input) {
      conflictDeclaration {
        id
        hasConflict
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const DeclareConflictDocument = graphql(`
  mutation BoardDeclareConflict($input: DeclareConflictInput!) {
    declareConflict(input: $input) {
      conflictDeclaration {
        id
        hasConflict
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const SubmitReviewDocument = graphql(`
  mutation BoardSubmitReview($input: SubmitReviewInput!) {
    submitReview(input: $input) {
      review {
        id
        weightedTotal
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/** A trustee's review: the conflict-of-interest declaration first, then the rubric with its weighted total. */
export default function ReviewPage() {
  const id = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { me } = useSession();
  const reason = usePermissionReason();
  const { data, loading, error, refetch } = useQuery(ReviewPageDocument, { variables: { id } });
  const app = data?.application;
  const canRead = !!app?.permissions.readReviews.allowed;
  const mine = useQuery(MyReviewsDocument, { variables: { id }, skip: !canRead });
  const myReview = mine.data?.application?.reviews?.find((r) => r.reviewer.id === me?.id);
  usePageTitle(app?.projectTitle ?? t('review.title'));

  const [nature, setNature] = useState('');
  const [declaring, setDeclaring] = useState(false);
  // Kept here: the form starts again from the recorded review once it reloads.
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmNone, confirming] = useMutation(ConfirmNoConflictDocument);
  const [declare, declaringM] = useMutation(DeclareConflictDocument);
  const refresh = () => {
    void refetch();
    if (canRead) void mine.refetch();
  };

  const review = app?.permissions.review;
  const conflictPending = review?.code === 'NO_CONFLICT_CONFIRMATION';
  const conflicted = review?.code === 'CONFLICT_OF_INTEREST';

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={refresh}>
      {app && review ? (
        <Stack gap="lg">
          <div>
            <Text size="sm">
              <Anchor component={Link} to="/board">
                {t('staffNav.board')}
              </Anchor>
            </Text>
            <Title order={1}>{app.projectTitle}</Title>
            <Text>
              {app.organization.legalName} · {app.call.title} · {formatMoney(app.requestedAmount, lang)}
            </Text>
          </div>
          <Text>{app.summary}</Text>

          <Paper withBorder p="md" component="section" aria-labelledby="conflict-title">
            <Title order={2} size="h3" id="conflict-title" mb="xs">
              {t('review.conflictTitle')}
            </Title>
            {conflictPending ? (
              <Stack gap="sm">
                <Text>{t('review.conflictQuestion')}</Text>
                <Group align="flex-start">
                  <Button
                    loading={confirming.loading}
                    onClick={() =>
                      void confirmNone({ variables: { input: { applicationId: app.id } } }).then((r) => {
                        const errs = r.data?.confirmNoConflict.errors ?? [];
                        setErrors(errorsByField(errs, t, []));
                        if (!errs.length) refresh();
                      })
                    }
                  >
                    {t('review.noConflict')}
                  </Button>
                  <Button variant="outline" color="red.9" onClick={() => setDeclaring(true)}>
                    {t('review.haveConflict')}
                  </Button>
                </Group>
                {declaring && (
                  <Stack gap="sm">
                    <Textarea
                      label={t('review.nature')}
                      description={t('review.natureHint')}
                      value={nature}
                      onChange={(e) => setNature(e.currentTarget.value)}
                      error={errors.nature}
                      autosize
                      minRows={2}
                    />
                    <Button
                      color="red.9"
                      disabled={nature.trim().length < 3}
                      loading={declaringM.loading}
                      onClick={() =>
                        void declare({ variables: { input: { applicationId: app.id, nature } } }).then((r) => {
                          const errs = r.data?.declareConflict.errors ?? [];
                          setErrors(errorsByField(errs, t, ['nature']));
                          if (!errs.length) refresh();
                        })
                      }
                    >
                      {t('review.declare')}
                    </Button>
                  </Stack>
                )}
              </Stack>
            ) : conflicted ? (
              <Alert color={ATTENTION} title={t('review.conflictedTitle')}>
                {reason(review)} {t('review.conflictedBody')}
              </Alert>
            ) : (
              <Text>{review.allowed ? t('review.confirmed') : reason(review)}</Text>
            )}
            {errors._form && (
              <Alert color="red" role="alert" mt="sm">
                {errors._form}
              </Alert>
            )}
          </Paper>

          {review.allowed && (
            <RubricForm
              key={myReview?.id ?? 'new'}
              applicationId={app.id}
              rubric={app.call.rubric}
              previous={myReview ?? null}
              permission={review}
              onDone={() => {
                setSaved(true);
                refresh();
              }}
              saved={saved}
            />
          )}
          <DocumentsPanel
            ownerId={app.id}
            title={t('documents.applicationTitle')}
            slots={applicationSlots(app.call.requiredDocuments)}
            canUpload={false}
          />
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}

function RubricForm(props: {
  applicationId: string;
  rubric: { key: string; label: string; weight: number }[];
  previous: { scores: unknown; comment: string; weightedTotal: number } | null;
  permission: { allowed: boolean };
  onDone: () => void;
  saved: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const initial = new Map(
    ((props.previous?.scores as { criterion: string; score: number }[] | undefined) ?? []).map((s) => [
      s.criterion,
      s.score,
    ]),
  );
  const [scores, setScores] = useState<Record<string, number | ''>>(() =>
    Object.fromEntries(props.rubric.map((c) => [c.key, initial.get(c.key) ?? ''])),
  );
  const [comment, setComment] = useState(props.previous?.comment ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submit, { loading }] = useMutation(SubmitReviewDocument);
  const total = weightedTotal(props.rubric, scores);
  const complete = total !== null && comment.trim().length > 0;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rubric-title">
      <Title order={2} size="h3" id="rubric-title" mb="xs">
        {t('review.rubricTitle')}
      </Title>
      <Stack gap="sm">
        {props.rubric.map((c) => (
          <NumberInput
            key={c.key}
            label={t('review.criterion', { label: c.label, weight: c.weight })}
            description={t('review.scale')}
            min={0}
            max={10}
            step={1}
            allowDecimal={false}
            clampBehavior="strict"
            value={scores[c.key]}
            onChange={(v) => setScores((s) => ({ ...s, [c.key]: typeof v === 'number' ? v : '' }))}
            error={errors[`scores`]}
          />
        ))}
        <Text fw={600} data-testid="weighted-total" aria-live="polite">
          {total === null
            ? t('review.totalPending')
            : t('review.total', { total: total.toLocaleString(lang, { maximumFractionDigits: 2 }) })}
        </Text>
        <Textarea
          label={t('review.comment')}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={errors.comment}
          autosize
          minRows={3}
        />
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        {props.saved && (
          <Alert color={SUCCESS} role="status">
            {t('review.saved')}
          </Alert>
        )}
        <PermissionButton
          permission={props.permission}
          disabled={!complete}
          loading={loading}
          onClick={() =>
            void submit({
              variables: {
                input: {
                  applicationId: props.applicationId,
                  comment,
                  scores: props.rubric.map((c) => ({ criterion: c.key, score: Number(scores[c.key]) })),
                },
              },
            }).then((r) => {
              const errs = r.data?.submitReview.errors ?? [];
              setErrors(errorsByField(errs, t, ['scores', 'comment']));
              if (!errs.length) props.onDone();
            })
          }
        >
          {t(props.previous ? 'review.update' : 'review.submit')}
        </PermissionButton>
      </Stack>
    </Paper>
  );
}
