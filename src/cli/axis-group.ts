/**
 * The `lienthong axis` command group is shared by two files: the registry and evidence commands of
 * the axis (axis.ts) and the client commands (axis-client.ts). Both attach to the one group through
 * this find-or-create, so the order of registration does not matter.
 */
import type { Command } from 'commander';

export function axisCommandGroup(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'axis') ??
    program.command('axis').description('trục liên thông văn bản quốc gia / national document exchange axis')
  );
}
