/**
 * The `lienthong` command line. A stable contract: other tools script it. Each command group lives
 * in its own file and registers itself here. Only the group a command line names is loaded (the
 * groups pull in the server, the PKI and the PDF stack, which take seconds to import); help and
 * unknown commands load them all.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

/** Command name → the modules that register it. `axis` is shared by the registry and client commands. */
const GROUPS: Record<string, () => Promise<Register[]>> = {
  serve: async () => [(await import('./serve.ts')).registerServe],
  demo: async () => [(await import('./demo.ts')).registerDemo],
  db: async () => [(await import('./db.ts')).registerDb],
  pki: async () => [(await import('./pki.ts')).registerPki],
  edxml: async () => [(await import('./edxml.ts')).registerEdxml],
  code: async () => [(await import('./code.ts')).registerCode],
  axis: async () => [
    (await import('./axis.ts')).registerAxis,
    (await import('./axis-client.ts')).registerAxisClient,
  ],
  sign: async () => [(await import('./sign.ts')).registerSign],
};
GROUPS.verify = GROUPS.sign!;

/** Global options that take a value, so their value is not mistaken for the command name. */
const VALUE_OPTIONS = new Set(['--data', '--log-level']);

function commandName(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

const program = new Command('lienthong')
  .description('Liên Thông — nền tảng liên thông văn bản điện tử / e-government interoperability platform')
  .version('0.1.0')
  .option('--data <dir>', 'thư mục dữ liệu / data folder (DATA_DIR, default ./data)')
  .option('--json', 'in kết quả dạng JSON / print JSON')
  .option('--log-level <level>', 'mức ghi nhật ký / log level (LOG_LEVEL)')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's usage errors exit 2 (wrong usage); help and version exit 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

const name = commandName(process.argv);
const loaders = name && name in GROUPS ? [GROUPS[name]!] : [...new Set(Object.values(GROUPS))];
for (const load of loaders) for (const register of await load()) register(program);

await program.parseAsync(process.argv);
