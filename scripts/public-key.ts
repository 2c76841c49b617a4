/**
 * npm run -s key:public -- FILE...: the public JWK set {"keys":[…]} of private keys (PEM PKCS#8 or
 * private JWK, P-256 or SM2), each with the kid caselink signs with: what `*_PREVIOUS_KEYS` and
 * `<NAME>_CHECKPOINT_PUBLIC_KEY` take. Used to publish a key before it signs, and to keep trusting
 * it after (docs/production.md, "Key rotation").
 */
import { readFileSync } from 'node:fs';
import { parseSigningKey } from '../subgraphs/kit/jws';

const files = process.argv.slice(2);
try {
  if (!files.length) throw new Error('usage: npm run -s key:public -- <private key file>...');
  const keys = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    // Either algorithm: the file says which curve it is on.
    try {
      return parseSigningKey(text, file, 'ES256').publicJwk;
    } catch {
      return parseSigningKey(text, file, 'SM2SM3').publicJwk;
    }
  });
  console.log(JSON.stringify({ keys }));
} catch (err) {
  console.error(`key:public failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
