import { Language } from '../users/user.entity';
import type { Mail } from '../users/account-mail';

const TEXT: Record<
  Language,
  { subject: (org: string) => string; body: (who: string, org: string, link: string, days: number) => string }
> = {
  [Language.EN]: {
    subject: (org) => `You are invited to join ${org} on VTF Grants`,
    body: (who, org, link, days) =>
      `${who} invites you to join the team of ${org} on VTF Grants.\n\n` +
      `Accept here (the link works once, for ${days} days):\n${link}\n\n` +
      `If you do not expect this invitation, ignore this message.`,
  },
  [Language.FR]: {
    subject: (org) => `Vous êtes invité(e) à rejoindre ${org} sur VTF Grants`,
    body: (who, org, link, days) =>
      `${who} vous invite à rejoindre l'équipe de ${org} sur VTF Grants.\n\n` +
      `Acceptez ici (le lien sert une fois, pendant ${days} jours) :\n${link}\n\n` +
      `Si vous n'attendiez pas cette invitation, ignorez ce message.`,
  },
  [Language.ES]: {
    subject: (org) => `Le invitan a unirse a ${org} en VTF Grants`,
    body: (who, org, link, days) =>
      `${who} le invita a unirse al equipo de ${org} en VTF Grants.\n\n` +
      `Acepte aquí (el enlace sirve una vez, durante ${days} días):\n${link}\n\n` +
      `Si no esperaba esta invitación, ignore este mensaje.`,
  },
};

/** The invitation e-mail, plain text in the given language. */
export function invitationMail(
  language: Language,
  to: string,
  inviter: string,
  organization: string,
  link: string,
  days: number,
): Mail {
  const t = TEXT[language];
  return { to, subject: t.subject(organization), text: t.body(inviter, organization, link, days) };
}
