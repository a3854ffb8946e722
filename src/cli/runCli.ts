import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.js';
import { DivergenceError } from '../network/divergence.js';
import { EXIT, processIo, type CliIo } from './io.js';

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
};

/** Registers the command named by `argv[0]`, or all of them (for help and unknown commands). */
async function registerCommands(program: Command, io: CliIo, setExit: (code: number) => void, argv: readonly string[]): Promise<void> {
  const first = argv[0];
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]())(program, io, setExit);
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code: 0 ok,
 * 1 a checked claim failed, 2 bad input (the message names the field and its allowed range),
 * 3 numerical trouble. Never throws and never prints a stack trace (set DLGEN_DEBUG=1 to see one).
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command('dlgen')
    .description('generalization and transfer in deep linear networks: theory, simulation and property checks')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let exitCode: number = EXIT.ok;
  await registerCommands(
    program,
    io,
    (code) => {
      exitCode = code;
    },
    argv,
  );
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(e, io);
  }
}

function reportError(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // Commander has already printed its message; help and version are not errors.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (e instanceof ConfigError) {
    io.stderr(`dlgen: invalid config:\n${indent(e.message)}\n`);
    return EXIT.usage;
  }
  if (e instanceof DivergenceError) {
    io.stderr(`dlgen: ${e.message}\n`);
    return EXIT.numerical;
  }
  const err = e as Error;
  if (err && (err.name === 'RangeError' || err.name === 'UsageError')) {
    io.stderr(`dlgen: ${err.message}\n`);
    return EXIT.usage;
  }
  io.stderr(`dlgen: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.DLGEN_DEBUG) io.stderr(`${err?.stack ?? ''}\n`);
  return EXIT.internal;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
