// The TOTP set-up panel: the otpauth URI (Google Authenticator's Key Uri Format) as a QR code, and the key itself.

import QRCode from 'qrcode';
import { h } from './dom.js';

const ISSUER = 'cogflow-demo';

export function otpauthURI(username: string, secret: string): string {
  const label = `${encodeURIComponent(ISSUER)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(ISSUER)}`;
}

/** The QR code of an otpauth URI, and the key typed by hand when the camera is not an option. */
export function totpPanel(uri: string, secret: string): HTMLElement {
  const canvas = h('canvas', { 'data-testid': 'totp-qr', 'aria-label': 'QR code for an authenticator app' });
  void QRCode.toCanvas(canvas, uri, { margin: 2, width: 200 });
  return h(
    'div',
    { class: 'totp' },
    canvas,
    h(
      'div',
      {},
      h('p', {}, 'Scan this with an authenticator app, or type the key:'),
      h('code', { 'data-testid': 'totp-secret' }, secret),
    ),
  );
}
