// Seed topics and places: only what the two source documents name, broader topics before narrower.
import type { PlaceEntry, TopicEntry } from './types.ts';

const mission = (slug: string, label: string): TopicEntry => ({
  slug,
  label,
  description: `The role AI could play in delivering the Missions for Government's priorities on ${label.toLowerCase()}.`,
  aliases: [],
  broader: 'ai-in-public-services',
});

export const topics: TopicEntry[] = [
  { slug: 'data-and-ai', label: 'Data and AI', description: null, aliases: [], broader: null },
  { slug: 'data', label: 'Data', description: null, aliases: [], broader: 'data-and-ai' },
  { slug: 'ai', label: 'AI', description: null, aliases: ['artificial intelligence'], broader: 'data-and-ai' },
  {
    slug: 'ai-in-public-services',
    label: 'AI in public services',
    description: 'How AI is used in delivering public services, and the governance it needs to serve public benefit.',
    // The ai@cam case study files itself under this policy category.
    aliases: ['AI for public services'],
    broader: 'ai',
  },
  mission('crime-and-policing', 'Crime and policing'),
  mission('education', 'Education'),
  mission('health', 'Health'),
  mission('energy-and-net-zero', 'Energy and net zero'),
  {
    slug: 'public-engagement',
    label: 'Public engagement',
    description: 'Engaging and involving the public in discussions and decisions.',
    // The community of practice's own write-up names this struggle for language.
    aliases: ['public involvement', 'involvement', 'participation'],
    broader: null,
  },
];

export const places: PlaceEntry[] = [
  { slug: 'liverpool', name: 'Liverpool', region: 'North West', country: 'GB' },
  { slug: 'cambridge', name: 'Cambridge', region: 'East of England', country: 'GB' },
];
