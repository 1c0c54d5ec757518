import { createServer, type Server, type Socket } from 'node:net';
import { createAccount, signIn } from '../../../test/support/accounts.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

/** Just enough of an SMTP server on 127.0.0.1 to receive what nodemailer sends. */
async function fakeSmtp(): Promise<{ url: string; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let inData = false;
    let buffer = '';
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 fake\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('status emails (ATCOMPAT_SMTP_URL)', () => {
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  let registry: TestRegistry;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    registry = await startRegistry({ demo: true, config: { smtpUrl: smtp.url, publicUrl: 'http://localhost:3000' } });
  });

  afterAll(async () => {
    await registry?.close();
    await smtp?.close();
  });

  it('emails the requester that the status changed, with a link and no details of the request', async () => {
    // Cara triages Rita's requests because she covers the department Rita works in.
    await createAccount(registry, { email: 'rita@example.gov.uk', name: 'Rita', department: 'Operations' });
    await createAccount(registry, { email: 'cara@example.gov.uk', name: 'Cara', role: 'champion', departments: ['Operations'] });
    const rita = await signIn(registry, 'rita@example.gov.uk');
    const cara = await signIn(registry, 'cara@example.gov.uk');
    const barrier = 'My hands shake, so I cannot use the mouse to save notes.';
    const sent = await rita.post('/adjustments', { system: 'casework', assistiveTechnology: 'dragon-professional', barrier, need: 'Voice commands for Save', urgency: 'standard', contactMethod: 'email' });
    const id = /\/adjustments\/([0-9a-f-]{36})/.exec(sent.headers.location)![1]!;

    expect((await cara.post(`/adjustments/${id}/status`, { to: 'in-review' })).status).toBe(303);

    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!.replace(/=\r\n/g, ''); // undo quoted-printable's soft line breaks
    expect(message).toMatch(/^To: rita@example\.gov\.uk/m);
    expect(message).toMatch(/^Subject: Your workplace adjustment request has been updated/m);
    expect(message).toContain('Your workplace adjustment request is being reviewed.');
    expect(message).toContain(`http://localhost:3000/adjustments/${id}`);
    for (const secret of ['hands', 'shake', 'Voice commands', 'Dragon', 'Casework']) expect(message).not.toContain(secret);
  });
});

describe('cookies when the registry is served over https', () => {
  it('are Secure', async () => {
    const registry = await startRegistry({ config: { publicUrl: 'https://atcompat.example.gov.uk' } });
    try {
      const res = await registry.anonymous().get('/sign-in').expect(200);
      expect(String(res.headers['set-cookie'])).toMatch(/atcompat_presession=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await registry.close();
    }
  });
});
