#!/usr/bin/env node
import { guardStdout } from './streams.js';
import { runCli } from './runCli.js';

guardStdout();
process.exitCode = await runCli(process.argv.slice(2));
