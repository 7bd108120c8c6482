// German word lists for the generated tickets. "Drucker" is one of the devices (about 1 in 14
// tickets → the common search term); the rare term appears in a fixed few dozen tickets only.
// Nothing else may stem to "druck" (no "drucken", "Druck"), so the common term's count stays exact.

export const COMMON_TERM = 'Drucker';
export const RARE_TERM = 'Ratsinformationssystem';
/** how many tickets carry the rare term, whatever the size */
export const RARE_COUNT = 40;

export const devices = [
  'Drucker',
  'Monitor',
  'Laptop',
  'Telefon',
  'Scanner',
  'Headset',
  'Dockingstation',
  'Tastatur',
  'Arbeitsplatzrechner',
  'Smartphone',
  'Kartenleser',
  'Beamer',
  'Netzlaufwerk',
  'VPN-Zugang',
];

export const problems = [
  'funktioniert seit heute nicht mehr',
  'zeigt eine Fehlermeldung beim Start',
  'ist extrem langsam',
  'reagiert nicht auf Eingaben',
  'lässt sich nicht anmelden',
  'verliert ständig die Verbindung',
  'wird nicht erkannt',
  'macht laute Geräusche',
  'braucht ein Update',
  'soll an einen anderen Platz umziehen',
  'wird für neue Kollegin benötigt',
  'ist nach dem Umzug nicht angeschlossen',
  'meldet einen Hardwaredefekt',
  'ist beschädigt',
];

export const since = [
  'seit heute Morgen',
  'seit gestern Nachmittag',
  'seit dem letzten Update',
  'seit Montag',
  'seit der Umstellung auf das neue Netz',
  'nach dem Neustart',
  'seit einigen Tagen',
  'immer wieder',
];

export const locations = [
  'Bürgerbüro im Erdgeschoss',
  'Rathaus, Zimmer 214',
  'Standesamt',
  'Sozialamt, Außenstelle Nord',
  'Bauhof',
  'Kämmerei, zweiter Stock',
  'Jugendamt',
  'Ordnungsamt, Zimmer 017',
  'Stadtbibliothek',
  'Bürgeramt Süd',
  'Personalamt',
  'Feuerwache',
];

export const details = [
  'Ein Neustart hat leider nicht geholfen.',
  'Die Kolleginnen im Nachbarbüro haben das gleiche Problem.',
  'Wir haben morgen Publikumsverkehr und brauchen dringend eine Lösung.',
  'Die Fehlermeldung lautet: Zugriff verweigert.',
  'Das Gerät ist etwa fünf Jahre alt.',
  'Bitte rufen Sie mich unter der Durchwahl 4711 zurück.',
  'Kabel und Stecker habe ich bereits überprüft.',
  'Die Sachbearbeitung im Fachverfahren ist dadurch blockiert.',
  'Es betrifft nur meinen Arbeitsplatz.',
  'Der Fehler tritt sporadisch auf, meistens am Vormittag.',
  'Ich bin bis 15 Uhr im Büro erreichbar.',
  'Die Inventarnummer klebt auf der Rückseite.',
  'Bitte um Rückmeldung, wann jemand vorbeikommen kann.',
  'Wir arbeiten vorübergehend mit einem Ersatzgerät.',
  'Die Bürgerinnen und Bürger warten bereits am Schalter.',
  'Der Termin mit der Amtsleitung ist am Donnerstag.',
];

export const closings = [
  'Vielen Dank im Voraus.',
  'Mit freundlichen Grüßen',
  'Danke für die schnelle Hilfe!',
  'Viele Grüße aus dem Amt',
];

export const articleBodies = [
  'Vielen Dank für Ihre Meldung. Wir kümmern uns darum und melden uns im Laufe des Tages.',
  'Ich habe das Gerät per Fernwartung geprüft, der Treiber war veraltet und ist jetzt aktualisiert.',
  'Interne Notiz: Ersatzteil beim Lieferanten bestellt, Lieferzeit etwa drei Werktage.',
  'Können Sie bitte einen Screenshot der Fehlermeldung schicken?',
  'Das Problem sollte jetzt behoben sein. Bitte prüfen Sie es und geben Sie kurz Bescheid.',
  'Es funktioniert wieder, vielen Dank!',
  'Leider besteht das Problem weiterhin, nach dem Neustart kommt dieselbe Meldung.',
  'Ein Kollege kommt morgen um 9 Uhr vorbei und tauscht das Gerät.',
  'Interne Notiz: betrifft mehrere Arbeitsplätze im Gebäude, Netzwerkteam informiert.',
  'Wir haben das Konto entsperrt, das neue Kennwort erhalten Sie per Post.',
];

export const firstNames = [
  'Anna',
  'Lukas',
  'Sabine',
  'Jonas',
  'Petra',
  'Michael',
  'Claudia',
  'Thomas',
  'Julia',
  'Stefan',
  'Monika',
  'Andreas',
  'Katrin',
  'Markus',
  'Birgit',
  'Tobias',
];

export const lastNames = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Schwarz',
];

export const departments = [
  'Hauptamt',
  'Personalamt',
  'Kämmerei',
  'Ordnungsamt',
  'Standesamt',
  'Sozialamt',
  'Jugendamt',
  'Bauordnungsamt',
  'Tiefbauamt',
  'Bürgeramt',
];

export const groupNames = [
  'Service Desk',
  'Arbeitsplatz & Drucker',
  'Benutzerkonten',
  'Netzwerk',
  'Telefonie',
  'Fachverfahren Soziales',
  'Fachverfahren Ordnung',
  'Fachverfahren Finanzen',
  'E-Akte',
  'Server & Speicher',
  'Mobile Geräte',
  'Beschaffung',
  'Schulen-IT',
  'Web & Portale',
  'Informationssicherheit',
  'Datenbanken',
  'Geodaten',
  'Bürgerdienste Online',
  'Lizenzen',
  'Projekte Digitalisierung',
];

// A long tail of made-up technical terms (20 × 20 × 13 = 5,200 words), drawn log-uniformly, so that the
// vocabulary has the Zipf-like shape of real ticket text: a few frequent words and thousands of rare
// ones. The planner's estimate for a term it has no statistics for depends on that shape.
export const tailFirst = [
  'Ab',
  'An',
  'Be',
  'Bau',
  'Da',
  'Ein',
  'Er',
  'Ge',
  'Haus',
  'Kas',
  'Lan',
  'Mel',
  'Mo',
  'Na',
  'Pro',
  'Sil',
  'Sta',
  'Tel',
  'Ver',
  'Zu',
];
export const tailMiddle = [
  'ten',
  'sen',
  'ge',
  'lo',
  'ri',
  'ma',
  'ber',
  'fin',
  'gul',
  'dor',
  'kam',
  'pel',
  'sur',
  'tav',
  'wen',
  'xal',
  'bri',
  'cho',
  'nel',
  'quo',
];
export const tailSuffixes = [
  'amt',
  'portal',
  'liste',
  'modul',
  'server',
  'akte',
  'konto',
  'vorlage',
  'bescheid',
  'antrag',
  'register',
  'schnittstelle',
  'lizenz',
];
