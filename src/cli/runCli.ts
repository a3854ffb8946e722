import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.js';
import { DivergenceError } from '../network/divergence.js';
import { registerCompare } from './commands/compare.js';
import { registerSimulate } from './commands/simulate.js';
import { registerTheory } from './commands/theory.js';
import { registerTransfer } from './commands/transfer.js';
import { registerVerify } from './commands/verify.js';
import { EXIT, processIo, type CliIo } from './io.js';

/** Registers every command on the program; new commands add one line here. */
function registerCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  registerSimulate(program, io);
  registerTheory(program, io);
  registerCompare(program, io);
  registerVerify(program, io, setExit);
  registerTransfer(program, io);
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
  registerCommands(program, io, (code) => {
    exitCode = code;
  });
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
