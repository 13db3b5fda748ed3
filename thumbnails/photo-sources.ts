/**
 * The real photographs the uploads are made from, as the pinned scikit-image wheel carries them in
 * `skimage/data/` (toolchain/pins.ts `photoWheel`). Each licence is the one scikit-image's own
 * docstrings state for the file (`skimage/data/_fetchers.py` in the same wheel). The largest is
 * 1411 px on a side.
 */
export const photoSources = {
  /** 600×400, a cup of coffee on a wooden table. */
  coffee: { photo: 'skimage/data/coffee.png', licence: 'CC0, by the photographer (Rachel Michetti)' },
  /** 451×300, Chelsea the cat. */
  chelsea: { photo: 'skimage/data/chelsea.png', licence: 'CC0, by the photographer (Stefan van der Walt)' },
  /** 512×512, the astronaut Eileen Collins, from NASA. */
  astronaut: { photo: 'skimage/data/astronaut.png', licence: 'public domain (NASA), no known copyright restrictions' },
  /** 1000×872, the Hubble eXtreme Deep Field. */
  hubble: { photo: 'skimage/data/hubble_deep_field.jpg', licence: 'public domain (NASA)' },
  /** 1411×1411, a fundus photograph of a human retina, from Wikimedia Commons. */
  retina: { photo: 'skimage/data/retina.jpg', licence: 'CC0 1.0 (Mikael Häggström)' },
  /** 640×427, Falcon 9 lifting off with DSCOVR. */
  rocket: { photo: 'skimage/data/rocket.jpg', licence: 'public domain (SpaceX)' },
} as const;

export type PhotoSourceName = keyof typeof photoSources;
