import { registerEnumType } from 'type-graphql';

/** Actions a fund's policy may guard with a recent second factor (step-up). */
export enum StepUpAction {
  CAST_BOARD_VOTE = 'CAST_BOARD_VOTE',
  APPROVE_TRANCHE = 'APPROVE_TRANCHE',
  RECORD_PAYMENT = 'RECORD_PAYMENT',
  CONFIRM_BANK_ACCOUNT = 'CONFIRM_BANK_ACCOUNT',
  VET_ORGANIZATION = 'VET_ORGANIZATION',
  GRANT_ROLE = 'GRANT_ROLE',
}
registerEnumType(StepUpAction, {
  name: 'StepUpAction',
  description: 'An action that a fund may guard with a recent second factor.',
});

/** A new fund guards all of them (issue 13's default). */
export const DEFAULT_STEP_UP_ACTIONS: StepUpAction[] = Object.values(StepUpAction);
