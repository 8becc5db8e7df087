import { createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP listener on 127.0.0.1 that accepts and holds connections. */
export async function createTcpTarget(): Promise<{
  port: number;
  accepted: () => number;
  /** Resolves once `count` connections have been accepted in all (an event, not a sleep). */
  acceptedAtLeast(count: number): Promise<void>;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const waiters = new Set<{ count: number; resolve: () => void }>();
  const server = createServer((socket) => {
    accepted += 1;
    for (const w of waiters)
      if (accepted >= w.count) {
        waiters.delete(w);
        w.resolve();
      }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    acceptedAtLeast: (count) =>
      accepted >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.add({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening: bound, then released, so a connect is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
