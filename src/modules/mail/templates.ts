// Texts of the ticket notifications in German and English (by the recipient's locale). Every
// subject carries the ticket number as [#YYYY-NNNNNN] so a reply threads even without headers.

export type MailLocale = 'de' | 'en';

export interface TicketMailFacts {
  number: string;
  title: string;
  /** link to the ticket in the portal */
  link: string;
}

export interface MailText {
  subject: string;
  text: string;
}

const tag = (number: string) => `[#${number}]`;

const signature = {
  de: '\n\n-- \nIT-Service · amtsdesk\nBitte antworten Sie auf diese Mail, ohne die Nummer im Betreff zu ändern.',
  en: '\n\n-- \nIT service · amtsdesk\nPlease reply to this mail without changing the number in the subject.',
};

export function acknowledgementMail(locale: MailLocale, t: TicketMailFacts): MailText {
  if (locale === 'en') {
    return {
      subject: `${tag(t.number)} Your request has been received: ${t.title}`,
      text: `Hello,\n\nwe have received your request "${t.title}" and filed it as ticket ${t.number}.\nYou can follow it in the portal: ${t.link}${signature.en}`,
    };
  }
  return {
    subject: `${tag(t.number)} Ihre Anfrage ist eingegangen: ${t.title}`,
    text: `Guten Tag,\n\nwir haben Ihre Anfrage „${t.title}“ erhalten und unter der Nummer ${t.number} erfasst.\nDen Stand sehen Sie im Portal: ${t.link}${signature.de}`,
  };
}

export function replyMail(
  locale: MailLocale,
  t: TicketMailFacts & { author: string; body: string },
): MailText {
  if (locale === 'en') {
    return {
      subject: `${tag(t.number)} Reply: ${t.title}`,
      text: `${t.author} wrote on ticket ${t.number}:\n\n${t.body}\n\nTicket in the portal: ${t.link}${signature.en}`,
    };
  }
  return {
    subject: `${tag(t.number)} Antwort: ${t.title}`,
    text: `${t.author} hat zu Ihrem Vorgang ${t.number} geschrieben:\n\n${t.body}\n\nVorgang im Portal: ${t.link}${signature.de}`,
  };
}

export function stateChangeMail(locale: MailLocale, t: TicketMailFacts & { state: string }): MailText {
  if (locale === 'en') {
    return {
      subject: `${tag(t.number)} Status: ${t.state} – ${t.title}`,
      text: `Hello,\n\nthe status of your ticket ${t.number} "${t.title}" is now: ${t.state}.\nTicket in the portal: ${t.link}${signature.en}`,
    };
  }
  return {
    subject: `${tag(t.number)} Status: ${t.state} – ${t.title}`,
    text: `Guten Tag,\n\nIhr Vorgang ${t.number} „${t.title}“ hat jetzt den Status: ${t.state}.\nVorgang im Portal: ${t.link}${signature.de}`,
  };
}

const berlin = (locale: MailLocale, d: Date) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);

export function dueSoonMail(locale: MailLocale, t: TicketMailFacts & { dueAt: Date }): MailText {
  if (locale === 'en') {
    return {
      subject: `${tag(t.number)} Due soon (${berlin(locale, t.dueAt)}): ${t.title}`,
      text: `Ticket ${t.number} "${t.title}", assigned to you, is due on ${berlin(locale, t.dueAt)}.\n${t.link}`,
    };
  }
  return {
    subject: `${tag(t.number)} Bald fällig (${berlin(locale, t.dueAt)}): ${t.title}`,
    text: `Der Ihnen zugewiesene Vorgang ${t.number} „${t.title}“ ist am ${berlin(locale, t.dueAt)} fällig.\n${t.link}`,
  };
}
