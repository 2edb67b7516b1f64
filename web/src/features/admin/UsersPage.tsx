import { useState } from 'react';
import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { AdminUsersQuery, Role } from '../../gql/graphql';
import { errorsByField, type PayloadError } from '../../app/errors';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { SUCCESS } from '../ngo/colors';
import { PermissionButton } from '../ngo/PermissionButton';

const AdminUsersDocument = graphql(`
  query AdminUsers($search: String, $after: String) {
    users(search: $search, first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          displayName
          email
          active
          permissions {
            deactivate {
              allowed
              code
              reason
            }
            reactivate {
              allowed
              code
              reason
            }
            grantRole {
              allowed
              code
              reason
            }
          }
          roles {
            id
            role
            fund {
              id
              name
            }
            organization {
              id
              legalName
            }
            permissions {
              revoke {
                allowed
                code
                reason
              }
            }
          }
        }
      }
    }
    funds(first: 50) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

const SetActiveOff = graphql(`
  mutation AdminDeactivateUser($input: UserActionInput!) {
    deactivateUser(input: $input) {
      user {
        id
        active
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);
const SetActiveOn = graphql(`
  mutation AdminReactivateUser($input: UserActionInput!) {
    reactivateUser(input: $input) {
      user {
        id
        active
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);
const GrantRoleDocument = graphql(`
  mutation AdminGrantRole($input: GrantRoleInput!) {
    grantRole(input: $input) {
      grant {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);
const RevokeRoleDocument = graphql(`
  mutation AdminRevokeRole($input: RevokeRoleInput!) {
    revokeRole(input: $input) {
      user {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type AdminUser = AdminUsersQuery['users']['edges'][number]['node'];
type FundOption = { id: string; name: string };

/** Staff roles an administrator grants here; NGO and DONOR come with an organisation's registration. */
const STAFF_ROLES: Role[] = ['SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'ADMIN'];
/** Roles the API grants for one fund only (GrantRoleInput.fundId required). */
const FUND_SCOPED: Role[] = ['SECRETARIAT', 'BOARD_MEMBER'];

/** Users: search, switch accounts off and on, grant and revoke staff roles per fund. */
export default function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.users.title'));
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const { data, loading, error, refetch, fetchMore } = useQuery(AdminUsersDocument, {
    variables: { search: search || null },
    fetchPolicy: 'cache-and-network',
  });
  const funds = data?.funds.edges.map((e) => e.node) ?? [];

  return (
    <Stack gap="lg">
      <Title order={1}>{t('admin.users.title')}</Title>
      <Group
        component="form"
        role="search"
        align="flex-end"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(typed.trim());
        }}
      >
        <TextInput
          label={t('admin.users.search')}
          description={t('admin.users.searchHint')}
          value={typed}
          maxLength={200}
          onChange={(e) => setTyped(e.currentTarget.value)}
        />
        <Button type="submit">{t('admin.users.find')}</Button>
      </Group>
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        <Text role="status" data-testid="users-count">
          {t('admin.users.count', { count: data?.users.totalCount ?? 0 })}
        </Text>
        <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {data?.users.edges.map(({ node }) => (
            <li key={node.id}>
              <UserCard user={node} funds={funds} onDone={() => void refetch()} />
            </li>
          ))}
        </Stack>
        {data?.users.pageInfo.hasNextPage && (
          <Button
            variant="default"
            onClick={() =>
              void fetchMore({
                variables: { after: data.users.pageInfo.endCursor },
                updateQuery: (prev, { fetchMoreResult }) => ({
                  ...fetchMoreResult,
                  users: {
                    ...fetchMoreResult.users,
                    edges: [...prev.users.edges, ...fetchMoreResult.users.edges],
                  },
                }),
              })
            }
          >
            {t('admin.users.more')}
          </Button>
        )}
      </QueryState>
    </Stack>
  );
}

function UserCard({ user, funds, onDone }: { user: AdminUser; funds: FundOption[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [deactivate, off] = useMutation(SetActiveOff);
  const [reactivate, on] = useMutation(SetActiveOn);
  const [grant, granting] = useMutation(GrantRoleDocument);
  const [revoke] = useMutation(RevokeRoleDocument);
  const [role, setRole] = useState<Role>('SECRETARIAT');
  const [fundId, setFundId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const after = (errs: readonly PayloadError[] | undefined, message: string) => {
    setErrors(errorsByField(errs ?? [], t, ['fundId', 'role']));
    setDone(errs?.length ? null : message);
    if (!errs?.length) onDone();
  };
  const needsFund = FUND_SCOPED.includes(role);
  const headingId = `user-${user.id}`;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="user-card">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {user.displayName}
          </Title>
          <Text size="sm">{user.email}</Text>
        </div>
        <Badge color={user.active ? SUCCESS : 'gray.8'}>
          {user.active ? t('admin.users.active') : t('admin.users.inactive')}
        </Badge>
      </Group>

      <Text fw={600} mt="sm" size="sm">
        {t('admin.users.roles')}
      </Text>
      {user.roles.length === 0 ? (
        <Text size="sm">{t('admin.users.noRoles')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {user.roles.map((g) => {
            const label = t('admin.users.grant', {
              role: t(`admin.role.${g.role}`),
              scope: g.organization?.legalName ?? g.fund?.name ?? t('admin.users.everyFund'),
            });
            return (
              <Group key={g.id} component="li" gap="sm" align="center" wrap="wrap">
                <Text size="sm">{label}</Text>
                <PermissionButton
                  size="xs"
                  variant="subtle"
                  color="red.9"
                  permission={g.permissions.revoke}
                  aria-label={t('admin.users.revokeLabel', { grant: label, name: user.displayName })}
                  onClick={() =>
                    void revoke({ variables: { input: { grantId: g.id } } }).then((r) =>
                      after(r.data?.revokeRole.errors, t('admin.users.revoked', { grant: label })),
                    )
                  }
                >
                  {t('admin.users.revoke')}
                </PermissionButton>
              </Group>
            );
          })}
        </Stack>
      )}

      <Group mt="md" align="flex-end" wrap="wrap" component="form" onSubmit={(e) => e.preventDefault()}>
        <NativeSelect
          label={t('admin.users.role')}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          data={STAFF_ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
          disabled={!user.permissions.grantRole.allowed}
          error={errors.role}
        />
        <NativeSelect
          label={t('admin.users.fund')}
          description={needsFund ? t('admin.users.fundRequired') : undefined}
          value={fundId}
          onChange={(e) => setFundId(e.currentTarget.value)}
          data={[
            { value: '', label: needsFund ? t('admin.users.chooseFund') : t('admin.users.everyFund') },
            ...funds.map((f) => ({ value: f.id, label: f.name })),
          ]}
          disabled={!user.permissions.grantRole.allowed}
          error={errors.fundId}
        />
        <PermissionButton
          type="submit"
          permission={user.permissions.grantRole}
          loading={granting.loading}
          disabled={needsFund && !fundId}
          aria-label={t('admin.users.grantLabel', { name: user.displayName })}
          onClick={() =>
            void grant({ variables: { input: { userId: user.id, role, fundId: fundId || null } } }).then((r) =>
              after(r.data?.grantRole.errors, t('admin.users.granted')),
            )
          }
        >
          {t('admin.users.grantSubmit')}
        </PermissionButton>
      </Group>

      <Group mt="md">
        {user.active ? (
          <PermissionButton
            variant="outline"
            color="red.9"
            permission={user.permissions.deactivate}
            loading={off.loading}
            aria-label={t('admin.users.deactivateLabel', { name: user.displayName })}
            onClick={() =>
              void deactivate({ variables: { input: { userId: user.id } } }).then((r) =>
                after(r.data?.deactivateUser.errors, t('admin.users.deactivated')),
              )
            }
          >
            {t('admin.users.deactivate')}
          </PermissionButton>
        ) : (
          <PermissionButton
            variant="outline"
            permission={user.permissions.reactivate}
            loading={on.loading}
            aria-label={t('admin.users.reactivateLabel', { name: user.displayName })}
            onClick={() =>
              void reactivate({ variables: { input: { userId: user.id } } }).then((r) =>
                after(r.data?.reactivateUser.errors, t('admin.users.reactivated')),
              )
            }
          >
            {t('admin.users.reactivate')}
          </PermissionButton>
        )}
      </Group>
      {done && (
        <Text size="sm" c={SUCCESS} mt="xs" role="status">
          {done}
        </Text>
      )}
      {errors._form && (
        <Alert color="red" role="alert" mt="sm">
          {errors._form}
        </Alert>
      )}
    </Paper>
  );
}
