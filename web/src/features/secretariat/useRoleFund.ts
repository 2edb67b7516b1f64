import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import { useSession } from '../../app/session';

const FirstFundDocument = graphql(`
  query FirstFund {
    funds(first: 1) {
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

export type StaffRole = 'SECRETARIAT' | 'BOARD_MEMBER' | 'AUDITOR' | 'ADMIN';

/**
 * The fund a staff member works on: the fund of their role grant (from `me`), else, for a grant on
 * every fund, the deployment's first fund.
 */
export function useRoleFund(role: StaffRole): { id: string; code: string; name: string } | null {
  const { me } = useSession();
  const grant = me?.roles.find((r) => r.role === role);
  const all = useQuery(FirstFundDocument, { skip: !grant || !!grant.fund });
  if (!grant) return null;
  return grant.fund ?? all.data?.funds.edges[0]?.node ?? null;
}
