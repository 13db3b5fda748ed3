/**
 * Every external piece the project runs, pinned. The toolchain step installs exactly these
 * versions into `.tools/` and refuses to reuse a folder that holds another version.
 */
export const pins = {
  /** AWS's own DynamoDB emulator, from Maven Central. */
  dynamodbLocal: { group: 'software.amazon.dynamodb', artifact: 'DynamoDBLocal', version: '3.3.1' },
  /** A maintained S3 gateway; its POSIX backend stores objects as plain files. */
  versitygw: { module: 'github.com/versity/versitygw', command: 'cmd/versitygw', version: 'v1.8.0' },
  /** The load generator; v2 is not on the module proxy, v1.8 is its newest line there. */
  k6: { module: 'go.k6.io/k6', command: '', version: 'v1.8.1' },
  /** The same major as the `nodejs24.x` Lambda runtime the Node function is deployed to. */
  node: { version: '24.21.0' },
  /**
   * Cross-builds the Rust function for Lambda (arm64 or x86_64 Linux, glibc of AL2023) from PyPI:
   * cargo-lambda's wheel carries its binary, and it links through zig (the `ziglang` wheel).
   * zig 0.15.2 is the release the cross-build was verified with (0.16 broke linking for many projects).
   */
  cargoLambda: { version: '1.9.2', zig: '0.15.2' },
  /**
   * The Python function's local runtime and test tools, from PyPI into a venv (`.tools/python/`) with
   * `pip --require-hashes`: awslambdaric is AWS's runtime interface client for Python, what the
   * managed python runtimes run the handler with; pytest and ruff test, lint and format it; Pillow,
   * the thumbnailer's own pin (python/thumbnailer-requirements.txt), is what its tests make and
   * decode images with. Every wheel is listed with its sha256, dependencies included; the ones with
   * native code (awslambdaric, simplejson, pillow) and ruff's binary are this machine's builds
   * (CPython 3.11, x86_64 Linux glibc), so another kind of machine needs its own hashes here.
   */
  python: {
    tools: { awslambdaric: '4.2.2', pytest: '9.2.0', ruff: '0.17.5', pillow: '13.0.0' },
    wheels: [
      { name: 'awslambdaric', version: '4.2.2', sha256: 'ea87f581768a7558b493a59ee9f4de6dcbc6444b888169afa01af71396ed731d' },
      { name: 'simplejson', version: '4.3.0', sha256: '06306ed92b3860802ad9dd7fe88f122a7360b01e3936b8a355d6d689bb2bb774' },
      { name: 'snapshot-restore-py', version: '1.0.0', sha256: '38f99e696793790f54658e71c68c7a8a40cea877c81232b5052383b1301aceba' },
      { name: 'pytest', version: '9.2.0', sha256: '07acdcf88ec174f907dc01af70bf52d49b014bbab03faeeade31c96b18c2e588' },
      { name: 'iniconfig', version: '2.3.1', sha256: '9121e2c1fdb355232495be3194c8dfe87ccc2d5dee45947b78e68f499790d7a7' },
      { name: 'packaging', version: '26.4', sha256: '81383611a09c1bc0b08b76e0fd5829d7c6824c65b27a6aee339da133f4233ea2' },
      { name: 'pluggy', version: '1.7.0', sha256: '7dd7b0d8832ba3cb632c306926ded123429211b83641b35dc5c41ad2d34f9bec' },
      { name: 'pygments', version: '2.21.0', sha256: '2363c69b61c4a97c838da3b130dcd6468f4848992b21a82f2a63ec34377137d9' },
      { name: 'ruff', version: '0.17.5', sha256: '40ca8afaac309b41a5b2e09e4e7beb1f824826b93c25697c4d74f573324fba4e' },
      { name: 'pillow', version: '13.0.0', sha256: 'a625df9a2a5597fa5e5266e01aefc82604bb85d291e3547981e863560d75da6c' },
    ],
  },
  /**
   * The real photographs the thumbnails test's uploads are made from (CC0 and public domain), from
   * PyPI: scikit-image's wheels carry them in `skimage/data/`. One wheel by exact filename and sha256;
   * the data files are the same in every build of a version, so this one serves any machine.
   */
  photoWheel: {
    name: 'scikit-image',
    version: '0.26.0',
    file: 'scikit_image-0.26.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl',
    sha256: '74aa5518ccea28121f57a95374581d3b979839adc25bb03f289b1bc9b99c58af',
  },
} as const;
