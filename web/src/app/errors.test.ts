import { gql, InMemoryCache } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { createCache } from './apollo';
import { errorsByField, UserErrorFields } from './errors';

// A query whose payload errors are a domain's type (ApplicationError) selected through the
// interface fragment, as the portal's documents do.
const operation = gql`
  query Problems {
    application(id: "A1") {
      id
      submissionProblems {
        code
        ...UserErrorFields
      }
    }
  }
`;
const query = { ...operation, definitions: [...operation.definitions, ...UserErrorFields.definitions] };
const data = {
  application: {
    __typename: 'Application',
    id: 'A1',
    submissionProblems: [
      {
        __typename: 'ApplicationError',
        code: 'BUDGET_MISMATCH',
        field: 'budget',
        message: 'The budget does not add up.',
      },
    ],
  },
};

function roundTrip(cache: InMemoryCache) {
  cache.writeQuery({ query, data });
  return cache.readQuery({ query, returnPartialData: true }) as typeof data | null;
}

describe('payload errors through the UserError interface', () => {
  it('keep field and message in the cache for every <Domain>Error type', () => {
    expect(roundTrip(createCache())).toEqual(data);
    for (const typename of ['TrancheError', 'AccountError', 'ExchangeRateError']) {
      const cache = createCache();
      const one = { ...data.application.submissionProblems[0], __typename: typename };
      cache.writeQuery({ query, data: { application: { ...data.application, submissionProblems: [one] } } });
      expect(cache.readQuery({ query })).toMatchObject({ application: { submissionProblems: [one] } });
    }
  });

  it('would lose them without possibleTypes (what createCache is for)', () => {
    const plain = roundTrip(new InMemoryCache());
    expect(plain?.application.submissionProblems[0]).not.toHaveProperty('message');
  });

  it('are shown in the language of the user by code, under their field', () => {
    const t = ((key: string) => `<${key}>`) as never;
    const [e] = data.application.submissionProblems;
    expect(errorsByField([{ ...e, code: 'BUDGET_MISMATCH' }], t, ['budget'])).toEqual({
      budget: '<errors.BUDGET_MISMATCH>',
    });
  });
});
