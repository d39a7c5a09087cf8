import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a command's outputs into a staging folder inside the output directory and moves them into place
 * only when the command succeeds, so a failed run leaves no partial output (and an earlier good run's
 * files stay as they were).
 */
export class StagedOutput {
  readonly dir: string;
  private readonly createdOut: boolean;

  constructor(readonly outDir: string) {
    this.createdOut = !existsSync(outDir);
    mkdirSync(outDir, { recursive: true });
    this.dir = mkdtempSync(join(outDir, '.staging-'));
  }

  /** Moves every staged entry into the output directory, replacing entries of the same name. */
  commit(): void {
    for (const entry of readdirSync(this.dir)) {
      const target = join(this.outDir, entry);
      rmSync(target, { recursive: true, force: true });
      renameSync(join(this.dir, entry), target);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Drops the staged entries; removes the output directory too when this run created it. */
  discard(): void {
    rmSync(this.createdOut ? this.outDir : this.dir, { recursive: true, force: true });
  }
}
