/** The shapes of the Acme CRM sample's in-memory records. */
export interface Account {
  id: string;
  name: string;
  industry: string;
}

export interface Contact {
  id: string;
  accountId: string;
  name: string;
  title: string;
  email: string;
}

export const DEAL_STAGES = [
  'prospecting',
  'qualification',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export interface Deal {
  id: string;
  accountId: string;
  name: string;
  stage: DealStage;
  /** Whole US dollars; the sample has one currency so sums stay honest. */
  amount: number;
}

export interface Note {
  id: string;
  contactId: string;
  body: string;
  createdAt: string;
}

export interface CrmSeed {
  accounts: Account[];
  contacts: Contact[];
  deals: Deal[];
  notes: Note[];
}

/**
 * Fictional companies and people (example.com addresses), small enough to read in one
 * `search_contacts` answer and varied enough that every tool has something to show.
 */
export function crmSeed(): CrmSeed {
  return {
    accounts: [
      { id: 'acc_001', name: 'Globex Corporation', industry: 'Manufacturing' },
      { id: 'acc_002', name: 'Initech', industry: 'Software' },
      { id: 'acc_003', name: 'Umbrella Health', industry: 'Healthcare' },
    ],
    contacts: [
      contact('ct_001', 'acc_001', 'Hank Scorpio', 'CEO', 'hank.scorpio@globex.example.com'),
      contact(
        'ct_002',
        'acc_001',
        'Mindy Simmons',
        'Head of Procurement',
        'mindy@globex.example.com',
      ),
      contact(
        'ct_003',
        'acc_002',
        'Bill Lumbergh',
        'VP Operations',
        'bill.lumbergh@initech.example.com',
      ),
      contact('ct_004', 'acc_002', 'Samir Nagheenanajar', 'Engineer', 'samir@initech.example.com'),
      contact('ct_005', 'acc_003', 'Alice Abernathy', 'CTO', 'alice@umbrella.example.com'),
      contact('ct_006', 'acc_003', 'Carlos Oliveira', 'IT Director', 'carlos@umbrella.example.com'),
    ],
    deals: [
      {
        id: 'dl_001',
        accountId: 'acc_001',
        name: 'Globex plant analytics',
        stage: 'negotiation',
        amount: 120_000,
      },
      {
        id: 'dl_002',
        accountId: 'acc_001',
        name: 'Globex support renewal',
        stage: 'closed_won',
        amount: 30_000,
      },
      {
        id: 'dl_003',
        accountId: 'acc_002',
        name: 'Initech TPS automation',
        stage: 'proposal',
        amount: 45_000,
      },
      {
        id: 'dl_004',
        accountId: 'acc_002',
        name: 'Initech printer fleet',
        stage: 'closed_lost',
        amount: 8_000,
      },
      {
        id: 'dl_005',
        accountId: 'acc_003',
        name: 'Umbrella records migration',
        stage: 'qualification',
        amount: 250_000,
      },
      {
        id: 'dl_006',
        accountId: 'acc_003',
        name: 'Umbrella pilot',
        stage: 'prospecting',
        amount: 15_000,
      },
    ],
    notes: [
      {
        id: 'nt_001',
        contactId: 'ct_001',
        body: 'Wants the analytics rollout before the Q3 board meeting.',
        createdAt: '2026-01-12T15:04:00.000Z',
      },
      {
        id: 'nt_002',
        contactId: 'ct_005',
        body: 'Security review scheduled; needs our SOC 2 report.',
        createdAt: '2026-02-03T09:30:00.000Z',
      },
    ],
  };
}

function contact(
  id: string,
  accountId: string,
  name: string,
  title: string,
  email: string,
): Contact {
  return { id, accountId, name, title, email };
}
