import type { Command } from 'commander';
import { NumericalError } from '../../config/errors.js';
import { resolveFinetuneConfig } from '../../finetune/config.js';
import { runFinetune, type FinetuneResult } from '../../finetune/run.js';
import { DivergenceError } from '../../network/divergence.js';
import { rawConfigFrom } from '../configArgs.js';
import { fmt, table } from '../format.js';
import type { CliIo } from '../io.js';
import { jsonLine } from '../json.js';
import { addOptions } from '../options.js';
import { createProgress } from '../progress.js';

interface FinetuneOptions {
  config?: string;
  json?: boolean;
  runs?: number;
  seed?: number;
}

/** `dlgen finetune`: pretrain on a source teacher, fine-tune on few target samples, compare with (A1)/(A5) (FINETUNE.md). */
export function registerFinetune(program: Command, io: CliIo): void {
  const cmd = program
    .command('finetune')
    .description(
      'fine-tune a pretrained deep linear network on few samples of a linear target teacher, with the theory of FINETUNE.md (A1)-(A6)',
    );
  addOptions(cmd, ['config', 'json', 'runs', 'seed'], {
    config: 'JSON config (- reads stdin; fields in docs/finetune.md; omitted fields take their defaults)',
  });
  cmd.action((opts: FinetuneOptions) => {
    const config = resolveFinetuneConfig(rawConfigFrom(opts.config, { runs: opts.runs, seed: opts.seed }, io));
    const progress = createProgress(io);
    let result: FinetuneResult;
    try {
      result = runFinetune(config, (done, total) => progress.update(done, total, 'runs'));
    } catch (e) {
      if (e instanceof DivergenceError) throw new NumericalError(e.message);
      throw e;
    } finally {
      progress.finish();
    }
    const text = jsonLine(result, 'finetune');
    io.stdout(opts.json ? text : finetuneSummary(result));
  });
}

/** A short human summary: the setting, then per run the fine-tuned risk, the theory's risk, α_N and the GD–theory gap. */
export function finetuneSummary(r: FinetuneResult): string {
  const c = r.config;
  const header =
    `dlgen finetune: N1=${c.inputDim} hidden=[${c.hiddenDims.join(',')}] N3=${c.outputDim} P=${c.targetExamples} Σ=${c.inputCovariance.kind} ` +
    `‖W_S‖=${c.sourceNorm} scale=${c.targetScale} angle=${c.targetAngle} σ=${c.noiseStd} pretrain=${c.pretrain} freeze=${c.freezeLayers} ` +
    `λ=${c.learningRate} runs=${c.runs} seed=${c.seed}\n\n`;
  const rows = r.runs.map((run, i) => {
    const gap = run.theoryMap ? fmt(relativeGap(run.fineTunedMap, run.theoryMap)) : '-';
    return [
      String(i),
      String(run.epochs[run.epochs.length - 1]),
      fmt(run.trainLoss[run.trainLoss.length - 1]),
      fmt(run.risk),
      run.theoryRisk === null ? '-' : fmt(run.theoryRisk),
      run.alpha === null ? '-' : fmt(run.alpha),
      gap,
      fmt(run.balancedness),
    ];
  });
  const mean = `\nmean risk ${fmt(r.mean.risk)}${r.mean.theoryRisk === null ? '' : `, mean theory risk ${fmt(r.mean.theoryRisk)}`}\n`;
  return (
    header +
    table(
      ['run', 'epochs', 'train loss', 'risk', 'theory risk', 'α_N', '‖W − theory‖/‖theory‖', 'balancedness'],
      rows,
    ) +
    mean
  );
}

function relativeGap(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}
