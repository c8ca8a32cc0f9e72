/**
 * The `lienthong` command line. A stable contract: other tools script it. Each command group lives
 * in its own file and registers itself here.
 */
import { Command } from 'commander';
import { registerDb } from './db.ts';
import { registerServe } from './serve.ts';
import { registerDemo } from './demo.ts';
import { registerPki } from './pki.ts';
import { registerSign } from './sign.ts';
import { registerEdxml } from './edxml.ts';
import { registerCode } from './code.ts';
// `axis` is shared by the registry commands and the client commands: both attach through cli/axis-group.ts.
import { registerAxisClient } from './axis-client.ts';
import { registerAxis } from './axis.ts';

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

for (const register of [
  registerServe,
  registerDemo,
  registerDb,
  registerPki,
  registerEdxml,
  registerCode,
  registerAxis,
  registerAxisClient,
  registerSign,
])
  register(program);

await program.parseAsync(process.argv);
