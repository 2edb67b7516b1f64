import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { DocumentSlot, DocumentsQuery } from '../../gql/graphql';
import { formatDate } from '../../app/format';
import { formatSize, sendUpload } from './upload';

export const DocumentsDocument = graphql(`
  query Documents($ownerId: ID!) {
    documents(ownerId: $ownerId) {
      id
      slot
      requirement
      fileName
      contentType
      size
      sha256
      version
      attachedAt
      downloadUrl
    }
  }
`);

const AttachDocumentDocument = graphql(`
  mutation AttachDocument($input: AttachDocumentInput!) {
    attachDocument(input: $input) {
      document {
        id
        version
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type Doc = DocumentsQuery['documents'][number];

/** One place a document goes: a slot of the owner (and, for a call's own documents, its name). */
export interface SlotSpec {
  slot: DocumentSlot;
  requirement?: string | null;
  /** Required before the owner can go on (a call's required document, an audit report's file). */
  required: boolean;
}

interface Props {
  ownerId: string;
  slots: SlotSpec[];
  /** Whether the reader may add files now (the owner's own rule, from its permissions). */
  canUpload: boolean;
  title: string;
  /** After a new file is attached (so the owner's submission problems can be read again). */
  onAttached?: () => void;
}

const key = (s: { slot: string; requirement?: string | null }) => `${s.slot}:${s.requirement ?? ''}`;

/** The documents of an application or report, slot by slot: every version, download links, and uploads. */
export function DocumentsPanel({ ownerId, slots, canUpload, title, onAttached }: Props) {
  const { t } = useTranslation();
  const { data, error, refetch } = useQuery(DocumentsDocument, { variables: { ownerId } });
  const docs = data?.documents ?? [];
  const missing = slots.filter((s) => s.required && !docs.some((d) => key(d) === key(s)));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`documents-${ownerId}`}>
      <Title order={2} size="h3" id={`documents-${ownerId}`} mb="sm">
        {title}
      </Title>
      {error && (
        <Alert color="red" role="alert">
          {t('documents.loadFailed')}
        </Alert>
      )}
      {canUpload && missing.length > 0 && (
        <Alert color="orange" mb="sm" data-testid="documents-missing">
          {t('documents.missingBeforeSubmit', { names: missing.map((s) => slotLabel(t, s)).join(', ') })}
        </Alert>
      )}
      <Stack gap="md">
        {slots.map((s) => (
          <SlotSection
            key={key(s)}
            ownerId={ownerId}
            spec={s}
            docs={docs.filter((d) => key(d) === key(s))}
            canUpload={canUpload}
            onAttached={() => {
              void refetch();
              onAttached?.();
            }}
          />
        ))}
      </Stack>
    </Paper>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function slotLabel(t: T, s: { slot: string; requirement?: string | null }): string {
  if (s.slot === 'APPLICATION_CALL_DOCUMENT' && s.requirement) return s.requirement;
  return t(`documents.slot.${s.slot}`);
}

function SlotSection({
  ownerId,
  spec,
  docs,
  canUpload,
  onAttached,
}: {
  ownerId: string;
  spec: SlotSpec;
  docs: Doc[];
  canUpload: boolean;
  onAttached: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [attach] = useMutation(AttachDocumentDocument);
  const label = slotLabel(t, spec);
  const inputId = `file-${key(spec)}`;

  async function upload() {
    if (!file) return;
    setRefusal(null);
    setProgress(0);
    const fields = { slot: spec.slot, ownerId, requirement: spec.requirement ?? null };
    const sent = await sendUpload(fields, file, setProgress);
    if (!sent.ok) {
      setProgress(null);
      setRefusal(sent.code);
      return;
    }
    const r = await attach({ variables: { input: { documentId: sent.id, ...fields } } }).catch(() => null);
    setProgress(null);
    const code = !r?.data ? 'NETWORK' : r.data.attachDocument.errors[0]?.code;
    if (code) return setRefusal(code);
    setFile(null);
    onAttached();
  }

  const refusalText = (code: string) =>
    i18n.exists(`documents.refused.${code}`)
      ? t(`documents.refused.${code}`)
      : i18n.exists(`errors.${code}`)
        ? t(`errors.${code}`)
        : t('documents.refused.other', { code });

  return (
    <div>
      <Group gap="xs" mb={4}>
        <Title order={3} size="h4">
          {label}
        </Title>
        {spec.required &&
          (docs.length ? (
            <Badge color="teal.9">{t('documents.attached')}</Badge>
          ) : (
            <Badge color="red.9">{t('documents.missing')}</Badge>
          ))}
      </Group>
      {docs.length ? (
        <Table aria-label={t('documents.versionsOf', { name: label })} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('documents.version')}</Table.Th>
              <Table.Th>{t('documents.file')}</Table.Th>
              <Table.Th>{t('documents.size')}</Table.Th>
              <Table.Th>{t('documents.attachedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {docs.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.version}</Table.Td>
                <Table.Td>
                  <Anchor href={d.downloadUrl} download={d.fileName}>
                    {t('documents.download', { name: d.fileName })}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatSize(d.size, lang)}</Table.Td>
                <Table.Td>{d.attachedAt ? formatDate(d.attachedAt, lang, true) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">{t('documents.none')}</Text>
      )}
      {canUpload && (
        <Group gap="sm" mt="xs" align="flex-end" wrap="wrap">
          {/* A native file input is wider than a phone's column unless it may shrink. */}
          <div style={{ maxWidth: '100%', minWidth: 0 }}>
            <label htmlFor={inputId}>
              <Text size="sm" component="span">
                {docs.length ? t('documents.newVersion', { name: label }) : t('documents.choose', { name: label })}
              </Text>
            </label>
            <br />
            <input
              id={inputId}
              type="file"
              style={{ maxWidth: '100%' }}
              onChange={(e) => {
                setRefusal(null);
                setFile(e.currentTarget.files?.[0] ?? null);
              }}
            />
          </div>
          <Button onClick={() => void upload()} disabled={!file || progress !== null} loading={progress !== null}>
            {t('documents.upload')}
          </Button>
        </Group>
      )}
      {progress !== null && (
        <Progress value={Math.round(progress * 100)} mt="xs" aria-label={t('documents.progress', { name: label })} />
      )}
      {refusal && (
        <Alert color="red" role="alert" mt="xs">
          {refusalText(refusal)}
        </Alert>
      )}
    </div>
  );
}
