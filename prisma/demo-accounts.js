// Demo accounts, seeded unless SEED_DEMO=false, so anyone can try every role. Plain JS so that
// scripts/start.js can print them without a TypeScript loader.

export const DEMO_PASSWORD = 'knudepunkt-demo'

const ERHVERVSHUS = 'Erhvervshus Sydjylland'

/**
 * @typedef {{ email: string, name: string, title: string, role: import('../app/utils/permissions.ts').RoleKey,
 *   organisation: string, label: string, team?: string, keyAccountFor?: string[] }} DemoAccount
 * @type {DemoAccount[]}
 */
export const DEMO_ACCOUNTS = [
  { email: 'admin@knudepunkt.demo', name: 'Anne Admin', title: 'Systemadministrator', role: 'ADMIN', organisation: ERHVERVSHUS, label: 'Administrator' },
  { email: 'direktor@ehsyd.demo', name: 'Dorthe Damgaard', title: 'Direktør', role: 'DIRECTOR', organisation: ERHVERVSHUS, label: 'Direktør, Erhvervshus Sydjylland' },
  { email: 'kam.kolding@ehsyd.demo', name: 'Kasper Kjær', title: 'Key account manager', role: 'KEY_ACCOUNT_MANAGER', organisation: ERHVERVSHUS, label: 'Key account manager for Kolding og Vejle', keyAccountFor: ['Kolding', 'Vejle'] },
  { email: 'kam.esbjerg@ehsyd.demo', name: 'Karen Esbensen', title: 'Key account manager', role: 'KEY_ACCOUNT_MANAGER', organisation: ERHVERVSHUS, label: 'Key account manager for Esbjerg, Fanø og Varde', keyAccountFor: ['Esbjerg', 'Fanø', 'Varde'] },
  { email: 'konsulent@ehsyd.demo', name: 'Gustav Grøn', title: 'Konsulent, grøn omstilling', role: 'CONSULTANT', organisation: ERHVERVSHUS, team: 'GREEN', label: 'Konsulent, det grønne team' },
  { email: 'les.kolding@kolding.demo', name: 'Lone Lund', title: 'Erhvervskonsulent', role: 'LES_STAFF', organisation: 'Business Kolding', label: 'LES-medarbejder, Business Kolding' },
  { email: 'lesdir.kolding@kolding.demo', name: 'Lars Larsen', title: 'Direktør', role: 'LES_DIRECTOR', organisation: 'Business Kolding', label: 'LES-direktør, Business Kolding' },
  { email: 'lesdir.vejle@vejle.demo', name: 'Villads Vinther', title: 'Direktør', role: 'LES_DIRECTOR', organisation: 'Business Vejle', label: 'LES-direktør, Business Vejle' },
  { email: 'les.vejle@vejle.demo', name: 'Vibeke Vestergaard', title: 'Erhvervskonsulent', role: 'LES_STAFF', organisation: 'Business Vejle', label: 'LES-medarbejder, Business Vejle' },
  { email: 'kommune.kolding@kolding.demo', name: 'Kirsten Kolind', title: 'Kommunaldirektør', role: 'KOMMUNE_SIGNATORY', organisation: 'Kolding Kommune', label: 'Underskriver for Kolding Kommune' },
  { email: 'br.trekant@trekant.demo', name: 'Bent Brodersen', title: 'Direktør', role: 'BUSINESS_REGION_DIRECTOR', organisation: 'Trekantområdet Danmark', label: 'Direktør, Trekantområdet Danmark' },
  { email: 'ddc@designcenter.demo', name: 'Dina Dahl', title: 'Programleder', role: 'REFERRAL_RECIPIENT', organisation: 'Dansk Design Center', label: 'Modtager af henvisninger, Dansk Design Center' },
  { email: 'kkr@kkr.demo', name: 'Karl Krogh', title: 'Sekretariatschef', role: 'KKR_VIEWER', organisation: 'KKR Syddanmark', label: 'KKR Syddanmark (læseadgang)' },
]
