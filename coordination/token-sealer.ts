import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type TokenPair, tokenPair } from '../amocrm';

const VERSION = 'v1';

/**
 * Seals the OAuth pair before it goes to Temporal (AES-256-GCM; the key is a setting of the
 * worker processes and never reaches Temporal): histories, update arguments and query results
 * show ciphertext only. The account id is bound in as associated data, so a sealed pair of one
 * account cannot be replayed into another.
 */
export class TokenSealer {
  constructor(
    private readonly key: Buffer,
    private readonly account: string,
  ) {
    if (key.length !== 32) throw new Error('the token key must be 32 bytes (base64 of 32 random bytes)');
  }

  seal(pair: TokenPair): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(this.account));
    const body = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  unseal(sealed: string): TokenPair {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || !body) throw new Error('sealed amoCRM tokens: unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64')).setAAD(Buffer.from(this.account));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    let text: string;
    try {
      text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('sealed amoCRM tokens: cannot be opened with AMOCRM_TOKEN_KEY (another key, or another account)');
    }
    return tokenPair.parse(JSON.parse(text));
  }
}
