import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { classifyError } from './errors.js';
import { EXIT, processIo, type CliIo } from './io.js';
import { clearProgressLines } from './progress.js';

type Register = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/**
 * Every command, loaded on demand: a run imports only the module of the command it runs (the
 * others pull in the whole library and would cost ~0.1 s of start-up). New commands add one line here.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  simulate: async () => (await import('./commands/simulate.js')).registerSimulate,
  theory: async () => (await import('./commands/theory.js')).registerTheory,
  compare: async () => (await import('./commands/compare.js')).registerCompare,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  transfer: async () => (await import('./commands/transfer.js')).registerTransfer,
  finetune: async () => (await import('./commands/finetune.js')).registerFinetune,
  merge: async () => (await import('./commands/merge.js')).registerMerge,
  figure: async () => (await import('./commands/figure.js')).registerFigure,
  multitask: async () => (await import('./commands/multitask.js')).registerMultitask,
};

/** Registers the command named by `argv[0]`, or all of them (for help and unknown commands). */
async function registerCommands(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  argv: readonly string[],
): Promise<void> {
  const first = argv[0];
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]())(program, io, setExit);
}

/** dlgen's version, from its package.json (two levels above both src/cli and dist/cli). */
export function dlgenVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code: 0 ok, 1 a checked
 * claim failed, 2 bad input (the message names the field or flag and its allowed range), 3 numerical
 * trouble, 70 a bug in dlgen, 74 output could not be written, 141 the reader closed the pipe.
 * Never throws and never prints a stack trace (set DLGEN_DEBUG=1 to see one for a bug).
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const program = new Command('dlgen')
      .description('generalization and transfer in deep linear networks: theory, simulation and property checks')
      .version(dlgenVersion(), '-V, --version', 'print the version of dlgen')
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    let exitCode: number = EXIT.ok;
    await registerCommands(program, io, (code) => (exitCode = code), argv);
    for (const cmd of program.commands)
      cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    clearProgressLines();
    const { code, message } = classifyError(e, Boolean(process.env.DLGEN_DEBUG));
    if (message !== '') io.stderr(message);
    return code;
  }
}
