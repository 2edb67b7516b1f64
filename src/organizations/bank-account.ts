import { countrySpecs, electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { DomainError, ErrorCode } from '../core/errors';
import { BankAccountStatus, type BankAccount, type Organization } from './organization.entity';

export interface BankAccountFields {
  accountHolder: string;
  bankName: string;
  bankCountry?: string | null;
  iban?: string | null;
  accountNumber?: string | null;
  swift?: string | null;
}

const invalid = (field: string, message: string) => new DomainError(ErrorCode.INVALID_VALUE, message, field);

/** Countries of the IBAN registry, where the IBAN is the account number. */
function usesIban(country: string): boolean {
  return countrySpecs[country]?.IBANRegistry === true;
}

/**
 * The account in its stored form, or INVALID_VALUE naming the field: an IBAN (structure and
 * mod-97 check digits), or for countries without IBAN an account number with a SWIFT/BIC; the
 * IBAN's and the BIC's countries must be the bank's.
 */
export function normalizeBankAccount(input: BankAccountFields): BankAccount {
  const iban = input.iban?.trim() ? (electronicFormatIBAN(input.iban) ?? '') : null;
  const accountNumber = input.accountNumber?.trim() ? input.accountNumber.replace(/[\s-]/g, '').toUpperCase() : null;
  const swift = input.swift?.trim() ? input.swift.replace(/\s/g, '').toUpperCase() : null;
  if (iban !== null && accountNumber !== null) {
    throw invalid('accountNumber', 'Give either an IBAN or an account number, not both.');
  }
  if (iban === null && accountNumber === null) {
    throw invalid('accountNumber', "Give the IBAN, or the account number where the bank's country has no IBAN.");
  }
  const bankCountry = (input.bankCountry ?? iban?.slice(0, 2) ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(bankCountry)) throw invalid('bankCountry', "Give the bank's country (ISO 3166-1 alpha-2).");
  if (iban !== null) {
    if (!isValidIBAN(iban)) throw invalid('iban', 'This is not a valid IBAN (its length, format or check digits).');
    if (iban.slice(0, 2) !== bankCountry) {
      throw invalid('iban', `The IBAN is from ${iban.slice(0, 2)} but the bank is in ${bankCountry}.`);
    }
  } else if (accountNumber !== null) {
    if (usesIban(bankCountry)) throw invalid('accountNumber', `Banks in ${bankCountry} use IBAN: give the IBAN.`);
    if (!/^[A-Z0-9]{4,34}$/.test(accountNumber)) {
      throw invalid('accountNumber', 'An account number has 4 to 34 letters or digits.');
    }
    if (swift === null) throw invalid('swift', 'An account without IBAN needs the SWIFT/BIC of its bank.');
  }
  if (swift !== null) {
    if (!isValidBIC(swift)) throw invalid('swift', 'This is not a valid SWIFT/BIC (8 or 11 characters).');
    if (swift.slice(4, 6) !== bankCountry) {
      throw invalid('swift', `The SWIFT/BIC is from ${swift.slice(4, 6)} but the bank is in ${bankCountry}.`);
    }
  }
  return {
    accountHolder: input.accountHolder.trim(),
    bankName: input.bankName.trim(),
    bankCountry,
    iban,
    accountNumber,
    swift,
  };
}

export function sameBankAccount(a: BankAccount, b: BankAccount): boolean {
  const key = (x: BankAccount) => [
    x.accountHolder,
    x.bankName,
    x.bankCountry ?? null,
    x.iban ?? null,
    x.accountNumber ?? null,
    x.swift ?? null,
  ];
  return JSON.stringify(key(a)) === JSON.stringify(key(b));
}

/** What the audit trail keeps of an account: never the number, only its last four characters. */
export function maskedBankAccount(org: Organization): Record<string, unknown> {
  const a = org.bankAccount;
  if (!a) return { accountOnFile: false };
  return {
    holder: a.accountHolder,
    bankName: a.bankName,
    bankCountry: a.bankCountry ?? null,
    ending: (a.iban ?? a.accountNumber ?? '').slice(-4),
    bic: a.swift ?? null,
    confirmation: org.bankAccountStatus,
  };
}

/** A new account or a new legal name: nothing is paid until someone else confirms it. */
export function markBankDetailsChanged(org: Organization, userId: string | null, now: Date): void {
  if (!org.bankAccount) return;
  org.bankAccountStatus = BankAccountStatus.PENDING_CONFIRMATION;
  org.bankAccountChangedById = userId;
  org.bankAccountChangedAt = now;
  org.bankAccountConfirmedById = null;
  org.bankAccountConfirmedAt = null;
}

export function markBankDetailsConfirmed(org: Organization, userId: string | null, now: Date): void {
  org.bankAccountStatus = BankAccountStatus.CONFIRMED;
  org.bankAccountConfirmedById = userId;
  org.bankAccountConfirmedAt = now;
}
