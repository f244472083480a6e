import { crmSeed, type Account, type Contact, type Deal, type Note } from './crm-seed.js';

/**
 * The sample's data, in memory. One store per running sample server, shared by every request
 * and session it serves: the server objects are fresh each time, the CRM is not, so a note
 * created in one session is visible to the next.
 */
export interface CrmStore {
  searchContacts(query: string, limit: number): { contacts: Contact[]; total: number };
  getContact(id: string): Contact | undefined;
  getAccount(id: string): Account | undefined;
  notesOf(contactId: string): Note[];
  contactsOf(accountId: string): Contact[];
  dealsOf(accountId: string): Deal[];
  allDeals(): Deal[];
  addNote(contactId: string, body: string): Note | undefined;
  setEmail(
    contactId: string,
    email: string,
  ): { contact: Contact; previousEmail: string } | undefined;
  deleteContact(contactId: string): { notesDeleted: number } | undefined;
}

export function createCrmStore(now: () => Date = () => new Date()): CrmStore {
  const { accounts, contacts, deals, notes } = crmSeed();
  let nextNote = notes.length + 1;
  const getContact = (id: string): Contact | undefined => contacts.find((c) => c.id === id);
  return {
    searchContacts: (query, limit) => {
      const needle = query.trim().toLowerCase();
      const matches = contacts.filter((c) => matchesContact(c, accounts, needle));
      return { contacts: matches.slice(0, limit), total: matches.length };
    },
    getContact,
    getAccount: (id) => accounts.find((a) => a.id === id),
    notesOf: (contactId) => notes.filter((n) => n.contactId === contactId),
    contactsOf: (accountId) => contacts.filter((c) => c.accountId === accountId),
    dealsOf: (accountId) => deals.filter((d) => d.accountId === accountId),
    allDeals: () => [...deals],
    addNote: (contactId, body) => {
      if (!getContact(contactId)) return undefined;
      const id = `nt_${String(nextNote++).padStart(3, '0')}`;
      const note = { id, contactId, body, createdAt: now().toISOString() };
      notes.push(note);
      return note;
    },
    setEmail: (contactId, email) => {
      const contact = getContact(contactId);
      if (!contact) return undefined;
      const previousEmail = contact.email;
      contact.email = email;
      return { contact: { ...contact }, previousEmail };
    },
    deleteContact: (contactId) => {
      const index = contacts.findIndex((c) => c.id === contactId);
      if (index < 0) return undefined;
      contacts.splice(index, 1);
      const before = notes.length;
      // A contact's notes go with it; that is what makes the tool destructive.
      notes.splice(0, notes.length, ...notes.filter((n) => n.contactId !== contactId));
      return { notesDeleted: before - notes.length };
    },
  };
}

function matchesContact(contact: Contact, accounts: Account[], needle: string): boolean {
  const company = accounts.find((a) => a.id === contact.accountId)?.name ?? '';
  return [contact.name, contact.email, company].some((text) => text.toLowerCase().includes(needle));
}
