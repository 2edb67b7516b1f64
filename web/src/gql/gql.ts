/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query UnreadCount {\n    notifications(unreadOnly: true, first: 1) {\n      totalCount\n    }\n  }\n": typeof types.UnreadCountDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      roles {\n        id\n        role\n        fund {\n          id\n          code\n          name\n        }\n        organization {\n          id\n          legalName\n          kind\n        }\n      }\n      organizations {\n        id\n        legalName\n        kind\n        vettingStatus\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation PortalLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n": typeof types.PortalLoginDocument,
    "\n  query NgoHome {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          projectTitle\n          status\n          submittedAt\n          requestedAmount {\n            amount\n            currency\n          }\n          call {\n            id\n            title\n          }\n          award {\n            id\n          }\n        }\n      }\n    }\n    awards(first: 100) {\n      edges {\n        node {\n          id\n          status\n          amount {\n            amount\n            currency\n          }\n          paid {\n            amount\n            currency\n          }\n          application {\n            id\n            projectTitle\n          }\n        }\n      }\n    }\n    openCalls(first: 20) {\n      edges {\n        node {\n          id\n          title\n          closesAt\n        }\n      }\n    }\n  }\n": typeof types.NgoHomeDocument,
    "\n  query Notifications {\n    notifications(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          readAt\n        }\n      }\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  mutation MarkNotificationRead($input: MarkNotificationReadInput!) {\n    markNotificationRead(input: $input) {\n      notification {\n        id\n        readAt\n      }\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  query CallPage($id: String!) {\n    grantCall(id: $id) {\n      id\n      title\n      description\n      status\n      themes\n      eligibleCountries\n      opensAt\n      closesAt\n      maxDurationMonths\n      allowPendingVetting\n      minAward {\n        amount\n        currency\n      }\n      maxAward {\n        amount\n        currency\n      }\n      envelope {\n        amount\n        currency\n      }\n      fund {\n        id\n        code\n        name\n      }\n    }\n  }\n": typeof types.CallPageDocument,
    "\n  query FundPage($code: String!) {\n    fund(code: $code) {\n      id\n      code\n      name\n      baseCurrency\n    }\n    publicStatistics(fundCode: $code) {\n      totalReceived {\n        amount\n        currency\n      }\n      amountAwarded {\n        amount\n        currency\n      }\n      grantsAwarded\n      donorCount\n      publicDonors\n      ...StatisticsCharts\n    }\n  }\n": typeof types.FundPageDocument,
    "\n  query FundOpenCalls($fundId: String!) {\n    openCalls(fundId: $fundId, first: 50) {\n      edges {\n        node {\n          id\n          title\n          description\n          closesAt\n          themes\n          minAward {\n            amount\n            currency\n          }\n          maxAward {\n            amount\n            currency\n          }\n          maxDurationMonths\n        }\n      }\n    }\n  }\n": typeof types.FundOpenCallsDocument,
    "\n  mutation RegisterOrganization($input: RegisterOrganizationInput!) {\n    registerOrganization(input: $input) {\n      accepted\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n": typeof types.RegisterOrganizationDocument,
    "\n  mutation RegisterSignIn($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n    }\n  }\n": typeof types.RegisterSignInDocument,
    "\n  fragment StatisticsCharts on PublicStatistics {\n    grantsByYear {\n      key\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n    victims {\n      total\n      reportsCounted\n      bySex {\n        key\n        value\n      }\n      byAgeGroup {\n        key\n        value\n      }\n      byExploitation {\n        key\n        value\n      }\n      byAssistance {\n        key\n        value\n      }\n    }\n  }\n": typeof types.StatisticsChartsFragmentDoc,
};
const documents: Documents = {
    "\n  query UnreadCount {\n    notifications(unreadOnly: true, first: 1) {\n      totalCount\n    }\n  }\n": types.UnreadCountDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      roles {\n        id\n        role\n        fund {\n          id\n          code\n          name\n        }\n        organization {\n          id\n          legalName\n          kind\n        }\n      }\n      organizations {\n        id\n        legalName\n        kind\n        vettingStatus\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation PortalLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n": types.PortalLoginDocument,
    "\n  query NgoHome {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          projectTitle\n          status\n          submittedAt\n          requestedAmount {\n            amount\n            currency\n          }\n          call {\n            id\n            title\n          }\n          award {\n            id\n          }\n        }\n      }\n    }\n    awards(first: 100) {\n      edges {\n        node {\n          id\n          status\n          amount {\n            amount\n            currency\n          }\n          paid {\n            amount\n            currency\n          }\n          application {\n            id\n            projectTitle\n          }\n        }\n      }\n    }\n    openCalls(first: 20) {\n      edges {\n        node {\n          id\n          title\n          closesAt\n        }\n      }\n    }\n  }\n": types.NgoHomeDocument,
    "\n  query Notifications {\n    notifications(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          readAt\n        }\n      }\n    }\n  }\n": types.NotificationsDocument,
    "\n  mutation MarkNotificationRead($input: MarkNotificationReadInput!) {\n    markNotificationRead(input: $input) {\n      notification {\n        id\n        readAt\n      }\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n": types.MarkNotificationReadDocument,
    "\n  query CallPage($id: String!) {\n    grantCall(id: $id) {\n      id\n      title\n      description\n      status\n      themes\n      eligibleCountries\n      opensAt\n      closesAt\n      maxDurationMonths\n      allowPendingVetting\n      minAward {\n        amount\n        currency\n      }\n      maxAward {\n        amount\n        currency\n      }\n      envelope {\n        amount\n        currency\n      }\n      fund {\n        id\n        code\n        name\n      }\n    }\n  }\n": types.CallPageDocument,
    "\n  query FundPage($code: String!) {\n    fund(code: $code) {\n      id\n      code\n      name\n      baseCurrency\n    }\n    publicStatistics(fundCode: $code) {\n      totalReceived {\n        amount\n        currency\n      }\n      amountAwarded {\n        amount\n        currency\n      }\n      grantsAwarded\n      donorCount\n      publicDonors\n      ...StatisticsCharts\n    }\n  }\n": types.FundPageDocument,
    "\n  query FundOpenCalls($fundId: String!) {\n    openCalls(fundId: $fundId, first: 50) {\n      edges {\n        node {\n          id\n          title\n          description\n          closesAt\n          themes\n          minAward {\n            amount\n            currency\n          }\n          maxAward {\n            amount\n            currency\n          }\n          maxDurationMonths\n        }\n      }\n    }\n  }\n": types.FundOpenCallsDocument,
    "\n  mutation RegisterOrganization($input: RegisterOrganizationInput!) {\n    registerOrganization(input: $input) {\n      accepted\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n": types.RegisterOrganizationDocument,
    "\n  mutation RegisterSignIn($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n    }\n  }\n": types.RegisterSignInDocument,
    "\n  fragment StatisticsCharts on PublicStatistics {\n    grantsByYear {\n      key\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n    victims {\n      total\n      reportsCounted\n      bySex {\n        key\n        value\n      }\n      byAgeGroup {\n        key\n        value\n      }\n      byExploitation {\n        key\n        value\n      }\n      byAssistance {\n        key\n        value\n      }\n    }\n  }\n": types.StatisticsChartsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadCount {\n    notifications(unreadOnly: true, first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query UnreadCount {\n    notifications(unreadOnly: true, first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      roles {\n        id\n        role\n        fund {\n          id\n          code\n          name\n        }\n        organization {\n          id\n          legalName\n          kind\n        }\n      }\n      organizations {\n        id\n        legalName\n        kind\n        vettingStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      displayName\n      email\n      roles {\n        id\n        role\n        fund {\n          id\n          code\n          name\n        }\n        organization {\n          id\n          legalName\n          kind\n        }\n      }\n      organizations {\n        id\n        legalName\n        kind\n        vettingStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PortalLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NgoHome {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          projectTitle\n          status\n          submittedAt\n          requestedAmount {\n            amount\n            currency\n          }\n          call {\n            id\n            title\n          }\n          award {\n            id\n          }\n        }\n      }\n    }\n    awards(first: 100) {\n      edges {\n        node {\n          id\n          status\n          amount {\n            amount\n            currency\n          }\n          paid {\n            amount\n            currency\n          }\n          application {\n            id\n            projectTitle\n          }\n        }\n      }\n    }\n    openCalls(first: 20) {\n      edges {\n        node {\n          id\n          title\n          closesAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query NgoHome {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          projectTitle\n          status\n          submittedAt\n          requestedAmount {\n            amount\n            currency\n          }\n          call {\n            id\n            title\n          }\n          award {\n            id\n          }\n        }\n      }\n    }\n    awards(first: 100) {\n      edges {\n        node {\n          id\n          status\n          amount {\n            amount\n            currency\n          }\n          paid {\n            amount\n            currency\n          }\n          application {\n            id\n            projectTitle\n          }\n        }\n      }\n    }\n    openCalls(first: 20) {\n      edges {\n        node {\n          id\n          title\n          closesAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications {\n    notifications(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          readAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notifications {\n    notifications(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          readAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($input: MarkNotificationReadInput!) {\n    markNotificationRead(input: $input) {\n      notification {\n        id\n        readAt\n      }\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationRead($input: MarkNotificationReadInput!) {\n    markNotificationRead(input: $input) {\n      notification {\n        id\n        readAt\n      }\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CallPage($id: String!) {\n    grantCall(id: $id) {\n      id\n      title\n      description\n      status\n      themes\n      eligibleCountries\n      opensAt\n      closesAt\n      maxDurationMonths\n      allowPendingVetting\n      minAward {\n        amount\n        currency\n      }\n      maxAward {\n        amount\n        currency\n      }\n      envelope {\n        amount\n        currency\n      }\n      fund {\n        id\n        code\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query CallPage($id: String!) {\n    grantCall(id: $id) {\n      id\n      title\n      description\n      status\n      themes\n      eligibleCountries\n      opensAt\n      closesAt\n      maxDurationMonths\n      allowPendingVetting\n      minAward {\n        amount\n        currency\n      }\n      maxAward {\n        amount\n        currency\n      }\n      envelope {\n        amount\n        currency\n      }\n      fund {\n        id\n        code\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FundPage($code: String!) {\n    fund(code: $code) {\n      id\n      code\n      name\n      baseCurrency\n    }\n    publicStatistics(fundCode: $code) {\n      totalReceived {\n        amount\n        currency\n      }\n      amountAwarded {\n        amount\n        currency\n      }\n      grantsAwarded\n      donorCount\n      publicDonors\n      ...StatisticsCharts\n    }\n  }\n"): (typeof documents)["\n  query FundPage($code: String!) {\n    fund(code: $code) {\n      id\n      code\n      name\n      baseCurrency\n    }\n    publicStatistics(fundCode: $code) {\n      totalReceived {\n        amount\n        currency\n      }\n      amountAwarded {\n        amount\n        currency\n      }\n      grantsAwarded\n      donorCount\n      publicDonors\n      ...StatisticsCharts\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FundOpenCalls($fundId: String!) {\n    openCalls(fundId: $fundId, first: 50) {\n      edges {\n        node {\n          id\n          title\n          description\n          closesAt\n          themes\n          minAward {\n            amount\n            currency\n          }\n          maxAward {\n            amount\n            currency\n          }\n          maxDurationMonths\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FundOpenCalls($fundId: String!) {\n    openCalls(fundId: $fundId, first: 50) {\n      edges {\n        node {\n          id\n          title\n          description\n          closesAt\n          themes\n          minAward {\n            amount\n            currency\n          }\n          maxAward {\n            amount\n            currency\n          }\n          maxDurationMonths\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterOrganization($input: RegisterOrganizationInput!) {\n    registerOrganization(input: $input) {\n      accepted\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterOrganization($input: RegisterOrganizationInput!) {\n    registerOrganization(input: $input) {\n      accepted\n      errors {\n        code\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterSignIn($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterSignIn($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatisticsCharts on PublicStatistics {\n    grantsByYear {\n      key\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n    victims {\n      total\n      reportsCounted\n      bySex {\n        key\n        value\n      }\n      byAgeGroup {\n        key\n        value\n      }\n      byExploitation {\n        key\n        value\n      }\n      byAssistance {\n        key\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment StatisticsCharts on PublicStatistics {\n    grantsByYear {\n      key\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n    victims {\n      total\n      reportsCounted\n      bySex {\n        key\n        value\n      }\n      byAgeGroup {\n        key\n        value\n      }\n      byExploitation {\n        key\n        value\n      }\n      byAssistance {\n        key\n        value\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;