/** How a user gets a nats-server binary; shown whenever none can be found or installed. */
export const natsServerInstallHint = [
  'Install nats-server with one of:',
  '  apt-get install -y nats-server    (Debian/Ubuntu)',
  '  brew install nats-server          (macOS)',
  '  docker compose up                 (runs the whole testbed in containers, no local nats-server needed)',
  'or set NATS_SERVER_BIN to the path of a nats-server binary.',
].join('\n');
