import { ERROR_REGISTRY, type RegisteredError } from '../subgraphs/kit/errors';

/** Where the generated page lives, from the repository root. */
export const ERRORS_DOC_PATH = 'docs/errors.md';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/errors.md: every `extensions.code` of the graph, from the registry in subgraphs/kit/errors.ts. */
export function renderErrorsDoc(registry: Record<string, RegisteredError> = ERROR_REGISTRY): string {
  const codes = Object.entries(registry);
  const lines = [
    '# Errors the graph returns',
    '',
    '<!-- Generated from ERROR_REGISTRY in subgraphs/kit/errors.ts by `npm run errors:doc`; do not edit by hand. -->',
    '',
    'Every error in a response carries `extensions.code`, one of the codes below; a screen decides what',
    'to show from the code, and shows `message` (Chinese for workflow refusals, `extensions.messageEn`',
    'beside it). Several errors may come with partial `data`: each names its place in `path`. A response',
    'never has `data: null` without an error. HTTP status is the one of a response whose only error it is',
    '(GraphQL answers with partial data are HTTP 200).',
    '',
    '| code | HTTP | raised by | meaning |',
    '| --- | --- | --- | --- |',
    ...codes.map(([code, e]) => `| [\`${code}\`](#${code.toLowerCase()}) | ${e.status} | ${e.raisedBy} | ${cell(e.meaning)} |`),
    '',
  ];
  for (const [code, e] of codes) {
    lines.push(
      `## ${code}`,
      '',
      e.meaning,
      '',
      `- **HTTP status:** ${e.status}`,
      `- **Raised by:** ${e.raisedBy === 'caselink' ? 'caselink (subgraphs, kit, gateway)' : 'Apollo Server / @apollo/gateway, for the request itself'}`,
      `- **When:** ${e.when}`,
      '',
      '```json',
      JSON.stringify({ message: e.example.message, extensions: { code, ...e.example.extensions } }, null, 2),
      '```',
      '',
    );
  }
  return lines.join('\n');
}
