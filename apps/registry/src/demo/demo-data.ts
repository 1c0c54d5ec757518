import type { AtProfile, CompatibilityStatus, EvidenceKind } from '@atcompat/contracts';
import type { Lifecycle, SystemPlatform } from '../systems/system.entity.js';

/**
 * The demo catalogue loaded by `npm start` into an empty embedded database. The assistive
 * technologies are real products (dates approximate); the systems, departments and people are
 * made up, but the casework story is the one atcompat exists for.
 */
export interface DemoAt {
  slug: string;
  name: string;
  vendor: string;
  profile: AtProfile;
  platforms: string[];
  website?: string;
  description: string;
  versions: { version: string; releasedOn: string; endOfSupport?: string }[];
}

export const DEMO_ATS: DemoAt[] = [
  {
    slug: 'keyboard-only',
    name: 'Keyboard only',
    vendor: 'Built into every operating system',
    profile: 'keyboard',
    platforms: ['windows', 'macos', 'chromeos', 'linux'],
    description: 'No mouse: Tab, arrow keys, Enter and Space. Also what switch access and on-screen keyboards rely on.',
    versions: [{ version: 'any', releasedOn: '2000-01-01' }],
  },
  {
    slug: 'dragon-professional',
    name: 'Dragon Professional',
    vendor: 'Nuance (Microsoft)',
    profile: 'speech',
    platforms: ['windows'],
    website: 'https://www.nuance.com/dragon/business-solutions/dragon-professional.html',
    description: 'Speech recognition for dictation and for driving the computer by voice ("click Save").',
    versions: [
      { version: '15.6', releasedOn: '2019-09-01', endOfSupport: '2024-12-31' },
      { version: '16', releasedOn: '2021-05-01' },
    ],
  },
  {
    slug: 'dragon-naturallyspeaking',
    name: 'Dragon NaturallySpeaking',
    vendor: 'Nuance (Microsoft)',
    profile: 'speech',
    platforms: ['windows'],
    description: 'The home edition of Dragon, still found on older work laptops.',
    versions: [{ version: '15', releasedOn: '2016-08-01', endOfSupport: '2023-12-31' }],
  },
  {
    slug: 'windows-voice-access',
    name: 'Windows Voice Access',
    vendor: 'Microsoft',
    profile: 'speech',
    platforms: ['windows'],
    website: 'https://support.microsoft.com/en-gb/topic/get-started-with-voice-access-bd2aa2dc-46c2-486c-93ae-3d75f7d053a4',
    description: 'Built into Windows 11: control the computer and dictate text by voice.',
    versions: [{ version: 'Windows 11 24H2', releasedOn: '2024-10-01' }],
  },
  {
    slug: 'jaws',
    name: 'JAWS',
    vendor: 'Freedom Scientific (Vispero)',
    profile: 'screen-reader',
    platforms: ['windows'],
    website: 'https://www.freedomscientific.com/products/software/jaws/',
    description: 'Screen reader that speaks or brailles what is on screen; the most used in UK government.',
    versions: [
      { version: '2024', releasedOn: '2023-10-15' },
      { version: '2025', releasedOn: '2024-10-15' },
    ],
  },
  {
    slug: 'nvda',
    name: 'NVDA',
    vendor: 'NV Access',
    profile: 'screen-reader',
    platforms: ['windows'],
    website: 'https://www.nvaccess.org/',
    description: 'Free, open-source screen reader for Windows.',
    versions: [
      { version: '2025.1', releasedOn: '2025-04-01' },
      { version: '2025.3', releasedOn: '2025-09-01' },
    ],
  },
  {
    slug: 'narrator',
    name: 'Narrator',
    vendor: 'Microsoft',
    profile: 'screen-reader',
    platforms: ['windows'],
    description: 'The screen reader built into Windows.',
    versions: [{ version: 'Windows 11 24H2', releasedOn: '2024-10-01' }],
  },
  {
    slug: 'voiceover-macos',
    name: 'VoiceOver (macOS)',
    vendor: 'Apple',
    profile: 'screen-reader',
    platforms: ['macos'],
    description: 'The screen reader built into macOS.',
    versions: [{ version: 'macOS 15', releasedOn: '2024-09-16' }],
  },
  {
    slug: 'voiceover-ios',
    name: 'VoiceOver (iOS)',
    vendor: 'Apple',
    profile: 'screen-reader',
    platforms: ['ios'],
    description: 'The screen reader built into iPhone and iPad.',
    versions: [{ version: 'iOS 18', releasedOn: '2024-09-16' }],
  },
  {
    slug: 'talkback',
    name: 'TalkBack',
    vendor: 'Google',
    profile: 'screen-reader',
    platforms: ['android'],
    description: 'The screen reader built into Android.',
    versions: [{ version: '15', releasedOn: '2024-10-15' }],
  },
  {
    slug: 'zoomtext',
    name: 'ZoomText',
    vendor: 'Freedom Scientific (Vispero)',
    profile: 'magnifier',
    platforms: ['windows'],
    description: 'Screen magnifier with colour and pointer enhancements and speech.',
    versions: [{ version: '2025', releasedOn: '2024-10-15' }],
  },
  {
    slug: 'supernova',
    name: 'SuperNova',
    vendor: 'Dolphin Computer Access',
    profile: 'magnifier',
    platforms: ['windows'],
    description: 'Magnifier and screen reader in one.',
    versions: [{ version: '22', releasedOn: '2024-06-01' }],
  },
  {
    slug: 'windows-magnifier',
    name: 'Windows Magnifier',
    vendor: 'Microsoft',
    profile: 'magnifier',
    platforms: ['windows'],
    description: 'The magnifier built into Windows; browser zoom is tested alongside it.',
    versions: [{ version: 'Windows 11 24H2', releasedOn: '2024-10-01' }],
  },
  {
    slug: 'read-and-write',
    name: 'Read&Write',
    vendor: 'Texthelp',
    profile: 'literacy',
    platforms: ['windows', 'macos', 'chromeos'],
    description: 'Reads text aloud, predicts words and checks spelling; common for dyslexic staff.',
    versions: [{ version: '12', releasedOn: '2023-09-01' }],
  },
  {
    slug: 'claroread',
    name: 'ClaroRead',
    vendor: 'Claro Software',
    profile: 'literacy',
    platforms: ['windows', 'macos'],
    description: 'Text-to-speech and reading support.',
    versions: [{ version: '2024', releasedOn: '2024-03-01' }],
  },
];

export interface DemoSystem {
  slug: string;
  name: string;
  owner: string;
  department: string;
  platform: SystemPlatform;
  lifecycle: Lifecycle;
  urls: string[];
  description: string;
  releases: { version: string; releasedOn: string; notes?: string }[];
}

export const DEMO_SYSTEMS: DemoSystem[] = [
  {
    slug: 'casework',
    name: 'Casework',
    owner: 'Casework Platform Team',
    department: 'Benefits Operations',
    platform: 'web',
    lifecycle: 'live',
    urls: ['https://casework.example.gov.uk'],
    description: 'Where caseworkers record notes, decisions and letters on each claim.',
    releases: [
      { version: '2.2.0', releasedOn: '2025-03-03' },
      { version: '2.3.0', releasedOn: '2025-09-01' },
      { version: '2.4.0', releasedOn: '2025-11-10', notes: 'New case list. Not yet tested with assistive technology.' },
    ],
  },
  {
    slug: 'hr-self-service',
    name: 'HR Self-Service',
    owner: 'People Systems',
    department: 'People Directorate',
    platform: 'citrix',
    lifecycle: 'pre-rollout',
    urls: ['https://hr.example.gov.uk'],
    description: 'Leave, expenses and pay slips, delivered through Citrix.',
    releases: [{ version: '5.1', releasedOn: '2025-06-02' }],
  },
  {
    slug: 'intranet',
    name: 'Intranet',
    owner: 'Internal Communications',
    department: 'Digital Workplace',
    platform: 'web',
    lifecycle: 'live',
    urls: ['https://intranet.example.gov.uk'],
    description: 'News, guidance and the staff directory.',
    releases: [{ version: '2025.10', releasedOn: '2025-10-06' }],
  },
];

export interface DemoRecord {
  system: string;
  release: string;
  at: string;
  atVersion: string;
  browser?: string;
  status: CompatibilityStatus;
  summary: string;
  workaround?: string;
  evidence: { kind: EvidenceKind; recordedBy: string; observedAt: string; os?: string; browser?: string; notes: string }[];
}

const CHAMPION = 'Priya Shah (accessibility champion, Benefits Operations)';

export const DEMO_RECORDS: DemoRecord[] = [
  {
    system: 'casework', release: '2.2.0', at: 'dragon-professional', atVersion: '16', status: 'partial',
    summary: 'Notes can be dictated, but the case list needs MouseGrid.',
    evidence: [{ kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-03-20T10:00:00Z', os: 'Windows 11', browser: 'Edge 134', notes: 'Tested the "record a note" journey by voice.' }],
  },
  {
    system: 'casework', release: '2.3.0', at: 'dragon-professional', atVersion: '16', status: 'does-not-work',
    summary: '"Save note" and the case list rows only respond to a mouse click, so a caseworker cannot finish a case by voice.',
    evidence: [
      { kind: 'user-report', recordedBy: 'Caseworker (name withheld)', observedAt: '2025-09-15T09:30:00Z', os: 'Windows 11', browser: 'Edge 139', notes: 'Cannot save notes since 2.3.0; supplier says the system cannot be used without a mouse.' },
      { kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-09-22T14:00:00Z', os: 'Windows 11', browser: 'Edge 139', notes: 'Confirmed: "click Save note" does nothing; the control is a <div> with a click handler.' },
    ],
  },
  {
    system: 'casework', release: '2.3.0', at: 'windows-voice-access', atVersion: 'Windows 11 24H2', status: 'does-not-work',
    summary: 'Same mouse-only controls as with Dragon.',
    evidence: [{ kind: 'automated', recordedBy: 'atcompat CI', observedAt: '2025-09-01T06:00:00Z', notes: 'keyboard/mouse-only-control on #save-note and the case list.' }],
  },
  {
    system: 'casework', release: '2.3.0', at: 'keyboard-only', atVersion: 'any', status: 'does-not-work',
    summary: '"Save note" cannot be reached with Tab.',
    evidence: [{ kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-09-22T15:00:00Z', browser: 'Edge 139', notes: 'Keyboard journey blocked at "Save note".' }],
  },
  {
    system: 'casework', release: '2.3.0', at: 'jaws', atVersion: '2025', status: 'partial',
    summary: 'Forms are labelled, but the case list table has no headers and "Save note" is not announced as a button.',
    evidence: [{ kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-09-23T10:00:00Z', browser: 'Chrome 140', notes: 'Tested with JAWS 2025 in Chrome.' }],
  },
  {
    system: 'casework', release: '2.3.0', at: 'nvda', atVersion: '2025.1', status: 'works-with-workaround',
    summary: 'All tasks can be done.',
    workaround: 'Switch to browse mode (NVDA+Space) to read the case list, then focus mode to fill in the note.',
    evidence: [{ kind: 'user-report', recordedBy: 'Team leader, Leeds site', observedAt: '2025-09-10T11:00:00Z', browser: 'Firefox 142', notes: 'Uses it daily with the workaround.' }],
  },
  {
    system: 'casework', release: '2.3.0', at: 'zoomtext', atVersion: '2025', status: 'works',
    summary: 'Focus tracking follows the cursor in every form.',
    evidence: [{ kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-09-24T10:00:00Z', browser: 'Edge 139', notes: '400% magnification, all journeys.' }],
  },
  {
    system: 'casework', release: '2.3.0', at: 'dragon-naturallyspeaking', atVersion: '15', status: 'untested',
    summary: 'Out of support; not tested.', evidence: [],
  },
  {
    system: 'hr-self-service', release: '5.1', at: 'jaws', atVersion: '2025', status: 'works-with-workaround',
    summary: 'Works once JAWS runs inside the Citrix session.',
    workaround: 'Ask the service desk for the "JAWS in Citrix" published desktop; local JAWS cannot read the session.',
    evidence: [{ kind: 'vendor', recordedBy: 'HR system supplier', observedAt: '2025-05-20T00:00:00Z', notes: 'Supplier accessibility statement, section 4.' }],
  },
  {
    system: 'hr-self-service', release: '5.1', at: 'zoomtext', atVersion: '2025', status: 'partial',
    summary: 'Magnification works, but focus tracking is lost inside the Citrix window.',
    evidence: [{ kind: 'user-report', recordedBy: 'Payroll officer (name withheld)', observedAt: '2025-06-20T13:00:00Z', notes: 'Has to pan by hand to find the cursor.' }],
  },
  {
    system: 'hr-self-service', release: '5.1', at: 'read-and-write', atVersion: '12', status: 'does-not-work',
    summary: 'Read&Write cannot read text inside the Citrix session.',
    evidence: [{ kind: 'user-report', recordedBy: 'Administrative officer (name withheld)', observedAt: '2025-06-25T09:00:00Z', notes: 'Speech button does nothing in HR Self-Service.' }],
  },
  {
    system: 'hr-self-service', release: '5.1', at: 'dragon-professional', atVersion: '16', status: 'untested',
    summary: 'Test booked before rollout.', evidence: [],
  },
  {
    system: 'intranet', release: '2025.10', at: 'nvda', atVersion: '2025.3', status: 'works',
    summary: 'Headings, landmarks and the staff directory search all work.',
    evidence: [{ kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-10-10T10:00:00Z', browser: 'Firefox 143', notes: 'Full test against the GOV.UK Service Manual checklist.' }],
  },
  {
    system: 'intranet', release: '2025.10', at: 'jaws', atVersion: '2025', status: 'works',
    summary: 'Works in Chrome and Edge.',
    evidence: [{ kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-10-10T14:00:00Z', browser: 'Edge 141', notes: '' }],
  },
  {
    system: 'intranet', release: '2025.10', at: 'voiceover-macos', atVersion: 'macOS 15', status: 'works',
    summary: 'Works in Safari.',
    evidence: [{ kind: 'vendor', recordedBy: 'Intranet supplier', observedAt: '2025-10-01T00:00:00Z', notes: 'Supplier test report.' }],
  },
  {
    system: 'intranet', release: '2025.10', at: 'talkback', atVersion: '15', status: 'works-with-workaround',
    summary: 'The mobile menu needs a double tap and hold.',
    workaround: 'Use the "Menu" link at the foot of the page instead of the hamburger button.',
    evidence: [{ kind: 'user-report', recordedBy: 'Field officer (name withheld)', observedAt: '2025-10-14T08:00:00Z', notes: '' }],
  },
  {
    system: 'intranet', release: '2025.10', at: 'dragon-professional', atVersion: '16', status: 'works',
    summary: 'Every link and button can be said by its visible name.',
    evidence: [{ kind: 'user-report', recordedBy: 'Caseworker (name withheld)', observedAt: '2025-10-20T12:00:00Z', notes: '' }],
  },
  {
    system: 'intranet', release: '2025.10', at: 'windows-voice-access', atVersion: 'Windows 11 24H2', status: 'partial',
    summary: 'The search button is named "Submit", so "click Search" does not work.',
    evidence: [{ kind: 'automated', recordedBy: 'atcompat CI', observedAt: '2025-10-06T06:00:00Z', notes: 'speech/label-not-in-name on the search button.' }],
  },
  {
    system: 'intranet', release: '2025.10', at: 'windows-magnifier', atVersion: 'Windows 11 24H2', status: 'works',
    summary: 'Reflows at 400% zoom.',
    evidence: [{ kind: 'manual', recordedBy: CHAMPION, observedAt: '2025-10-11T10:00:00Z', notes: '' }],
  },
  {
    system: 'intranet', release: '2025.10', at: 'claroread', atVersion: '2024', status: 'works',
    summary: 'Reads every page aloud.',
    evidence: [{ kind: 'user-report', recordedBy: 'Policy adviser (name withheld)', observedAt: '2025-10-21T10:00:00Z', notes: '' }],
  },
];

export const DEMO_KNOWN_ISSUES = [
  {
    system: 'casework',
    assistiveTechnology: 'dragon-professional',
    title: '"Save note" and case list rows cannot be clicked by voice',
    description:
      'They are <div> elements that only listen for mouse clicks, so Dragon sees nothing to click and Tab never reaches them.',
    workaround:
      'Say "MouseGrid", then the numbers of the square over "Save note", then "click". Slow, but it works until the supplier fixes it.',
    vendorBugUrl: 'https://supplier.example.com/casework/issues/4711',
    affects: 'Casework 2.3.0 and later',
  },
  {
    system: 'hr-self-service',
    assistiveTechnology: 'read-and-write',
    title: 'Read&Write cannot read text inside the Citrix session',
    description: 'The session is an image of a remote desktop; Read&Write on the laptop has no text to read.',
    workaround: 'Ask the service desk for Read&Write on the Citrix published desktop.',
    vendorBugUrl: null,
    affects: 'All releases on Citrix',
  },
];
