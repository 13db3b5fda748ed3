import path from 'node:path';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Architecture, FunctionCode, LambdaDeclaration } from '../functions.config.ts';
import { CommandError, runCommand } from '../toolchain/command.ts';
import { repoRoot, toolsDir } from '../toolchain/paths.ts';
import { cargoLambdaPaths } from '../toolchain/steps/cargo-lambda.ts';

/**
 * Lambda runs `provided.al2023` on glibc 2.34; zig links against exactly that version, so the
 * binary never asks for a newer glibc than AL2023 has.
 */
const al2023Glibc = '2.34';

export const rustTargets: Record<Architecture, string> = {
  arm64: 'aarch64-unknown-linux-gnu',
  x86_64: 'x86_64-unknown-linux-gnu',
};

/** A declared function whose code is a Rust binary: a UUID writer or a thumbnailer. */
export type RustFunction = LambdaDeclaration & { code: Extract<FunctionCode, { kind: 'rust' }> };

/**
 * The folder deployed as a Rust function's code, `dist/functions/<name>-<arch>`: it holds one file,
 * `bootstrap`, for one architecture.
 */
export function rustLambdaDir(fn: Pick<LambdaDeclaration, 'name'>, architecture: Architecture): string {
  return path.join(repoRoot, 'dist', 'functions', `${fn.name}-${architecture}`);
}

/**
 * cargo-lambda's arguments for one function: its workspace package alone (`-p`), so no other
 * package's dependencies are compiled, and its binary flattened into the folder as `bootstrap`.
 */
export function cargoLambdaArgs(fn: RustFunction, architecture: Architecture): string[] {
  return [
    'lambda',
    'build',
    '--release',
    '--locked',
    '-p',
    fn.code.package,
    '--target',
    `${rustTargets[architecture]}.${al2023Glibc}`,
    '--lambda-dir',
    rustLambdaDir(fn, architecture),
    // The binary's name in the package (`bootstrap`, `thumbnailer`); the folder gets it as `bootstrap`.
    '--flatten',
    path.basename(fn.code.binary),
    // cargo-lambda would try `rustup target add` itself; requireRustStd has already checked.
    '--skip-target-check',
  ];
}

/**
 * Cross-builds a declared Rust function for Lambda with cargo-lambda (zig as the linker) into
 * `dist/functions/<name>-<arch>/bootstrap`. The host's `cargo build` output stays for local runs.
 */
export async function buildRustLambda(
  fn: RustFunction,
  architecture: Architecture,
  report: (line: string) => void = console.error,
): Promise<{ file: string; bytes: number }> {
  const target = rustTargets[architecture];
  const crateDir = path.join(repoRoot, fn.code.crateDir);
  await requireRustStd(target, crateDir);
  if (!existsSync(cargoLambdaPaths.cargoLambda)) {
    throw new CommandError(`cargo-lambda is not installed in ${path.relative(repoRoot, cargoLambdaPaths.bin)}: run npm run toolchain`);
  }
  report(`build: ${fn.name} for Lambda ${architecture} (${target}, glibc ${al2023Glibc}; minutes on a cold cache)…`);
  await runCommand('cargo', cargoLambdaArgs(fn, architecture), {
    cwd: crateDir,
    env: { ...process.env, PATH: `${cargoLambdaPaths.bin}${path.delimiter}${process.env.PATH ?? ''}` },
    logFile: path.join(toolsDir, 'logs', `rust-lambda-${fn.name}-${architecture}.log`),
    echo: true,
  });
  const file = path.join(rustLambdaDir(fn, architecture), 'bootstrap');
  return { file, bytes: (await stat(file)).size };
}

/** One clear line instead of a linker error when the target's standard library is missing. */
export async function requireRustStd(target: string, crateDir: string): Promise<void> {
  const sysroot = (await runCommand('rustc', ['--print', 'sysroot'], { cwd: crateDir })).trim();
  if (!existsSync(path.join(sysroot, 'lib', 'rustlib', target, 'lib'))) {
    throw new CommandError(`the Rust standard library for ${target} is not installed: run rustup target add ${target}`);
  }
}
