import path from 'node:path';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { runCommand } from '../command.ts';
import { toolPaths } from '../paths.ts';
import { pins } from '../pins.ts';
import type { ToolStep } from '../step.ts';

const { group, artifact, version } = pins.dynamodbLocal;
const home = path.dirname(toolPaths.dynamodbLocalLib);

/**
 * Maven resolves DynamoDB Local with everything it needs, sqlite4java's native library included,
 * into one folder; the versioned jar name tells which version is installed.
 */
export const dynamodbLocalStep: ToolStep = {
  name: 'DynamoDB Local',
  version,
  async installedVersion() {
    const files = await readdir(toolPaths.dynamodbLocalLib).catch(() => []);
    const hasNative = files.some((file) => file.startsWith('libsqlite4java-linux-amd64'));
    const jar = files.find((file) => file.startsWith(`${artifact}-`) && file.endsWith('.jar'));
    return hasNative ? jar?.slice(artifact.length + 1, -'.jar'.length) : undefined;
  },
  async install(logFile) {
    await rm(toolPaths.dynamodbLocalLib, { recursive: true, force: true });
    await mkdir(home, { recursive: true });
    await writeFile(path.join(home, 'pom.xml'), pom());
    await runCommand(
      'mvn',
      ['-B', '-q', 'dependency:copy-dependencies', `-DoutputDirectory=${toolPaths.dynamodbLocalLib}`],
      { cwd: home, logFile },
    );
  },
};

function pom(): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lambda-duel</groupId>
  <artifactId>dynamodb-local-install</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>${group}</groupId>
      <artifactId>${artifact}</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;
}
