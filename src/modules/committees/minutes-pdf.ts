export interface MinutesDocument {
  committeeName: string;
  startsAt: Date;
  location: string;
  approvedAt: Date;
  approvedBy: string;
  attendees: string[];
  items: {
    position: number;
    title: string;
    summary: string;
    decisions: {
      id: number;
      text: string;
      outcome: string;
      ticket: string | null;
      correctsId: number | null;
    }[];
  }[];
  tasks: { title: string; owner: string; collaborators: string[]; dueOn: string; item: number | null }[];
}

const outcomeDe: Record<string, string> = {
  approved: 'beschlossen',
  rejected: 'abgelehnt',
  deferred: 'vertagt',
};
const berlin = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'long',
  timeStyle: 'short',
});
const dateDe = (iso: string) => iso.split('-').reverse().join('.');

/**
 * The approved minutes as a PDF with the administration's header. Uncompressed content streams,
 * so the text stays checkable (tests and archives can search it).
 */
export async function renderMinutesPdf(doc: MinutesDocument): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit'); // loaded on first use
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: false,
    info: { Title: `Protokoll ${doc.committeeName}`, Author: 'Stadt Musterstadt', Creator: 'amtsdesk' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.font('Helvetica-Bold').fontSize(16).text('Stadt Musterstadt');
  pdf.font('Helvetica').fontSize(10).text('Der Oberbürgermeister');
  pdf.moveDown();
  pdf.font('Helvetica-Bold').fontSize(14).text(`Protokoll: ${doc.committeeName}`);
  pdf.font('Helvetica').fontSize(10);
  pdf.text(`Sitzung am ${berlin.format(doc.startsAt)}${doc.location ? `, ${doc.location}` : ''}`);
  pdf.text(`Genehmigt am ${berlin.format(doc.approvedAt)} von ${doc.approvedBy}`);
  if (doc.attendees.length) pdf.text(`Teilnehmende: ${doc.attendees.join(', ')}`);
  pdf.moveDown();

  pdf.font('Helvetica-Bold').fontSize(12).text('Tagesordnung');
  for (const item of doc.items) {
    pdf.moveDown(0.5);
    pdf.font('Helvetica-Bold').fontSize(11).text(`TOP ${item.position}: ${item.title}`);
    pdf.font('Helvetica').fontSize(10);
    if (item.summary) pdf.text(item.summary);
    for (const d of item.decisions) {
      const extra = [
        d.ticket ? `Vorgang ${d.ticket}` : null,
        d.correctsId ? `berichtigt Beschluss ${d.correctsId}` : null,
      ]
        .filter(Boolean)
        .join(', ');
      pdf.text(
        `Beschluss ${d.id} (${outcomeDe[d.outcome] ?? d.outcome}): ${d.text}${extra ? ` [${extra}]` : ''}`,
      );
    }
  }
  pdf.moveDown();
  pdf.font('Helvetica-Bold').fontSize(12).text('Aufgabenliste');
  pdf.font('Helvetica').fontSize(9);
  const cols = [
    { title: 'Was', width: 170 },
    { title: 'Wer', width: 90 },
    { title: 'mit wem', width: 120 },
    { title: 'bis wann', width: 60 },
    { title: 'TOP', width: 40 },
  ];
  const row = (values: string[], bold = false) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    const y = pdf.y;
    let x = pdf.page.margins.left;
    let height = 0;
    values.forEach((v, i) => {
      height = Math.max(height, pdf.heightOfString(v, { width: cols[i].width - 6 }));
    });
    if (y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
    const top = pdf.y;
    values.forEach((v, i) => {
      pdf.text(v, x, top, { width: cols[i].width - 6 });
      x += cols[i].width;
    });
    pdf.x = pdf.page.margins.left;
    pdf.y = top + height + 4;
  };
  row(
    cols.map((c) => c.title),
    true,
  );
  if (doc.tasks.length === 0) row(['Keine Aufgaben', '', '', '', '']);
  for (const t of doc.tasks)
    row([t.title, t.owner, t.collaborators.join(', ') || '–', dateDe(t.dueOn), t.item ? String(t.item) : '']);
  pdf.end();
  return done;
}

/** The text of an uncompressed pdfkit PDF (hex strings in TJ arrays, WinAnsi ≈ Latin-1): for tests. */
export function extractPdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const tj of raw.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    let line = '';
    for (const part of tj[1].matchAll(/<([0-9a-fA-F]*)>|(-?\d+(?:\.\d+)?)/g)) {
      if (part[1] !== undefined) line += Buffer.from(part[1], 'hex').toString('latin1');
      else if (Number(part[2]) < -200) line += ' ';
    }
    lines.push(line);
  }
  return lines.join('\n');
}
