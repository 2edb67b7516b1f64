declare module 'mt940js' {
  /** The parts of mt940js's output this project reads (the package ships no types). */
  export interface Mt940Transaction {
    date: Date;
    amount: number;
    currency: string;
    details: string;
    transactionType: string;
    reference: string;
    bankReference: string;
    structuredDetails?: Record<string, string>;
  }
  export interface Mt940Statement {
    transactionReference: string;
    accountIdentification: string;
    number: { statement: string; sequence: string; section: string };
    currency: string;
    transactions: Mt940Transaction[];
    tags?: { id: number | string; data: string }[];
  }
  export class Parser {
    parse(data: string, withTags?: boolean): Mt940Statement[];
  }
}
