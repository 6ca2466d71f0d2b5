// What the ported programs share beside torch-node itself: the data folder and the PORT_LIMIT
// knob their Python twins read from _vision.py.
import { Subset, type DatasetLike } from '../../lib/utils/data/index.js';

/** The folder of the MNIST-format IDX files (Fashion-MNIST's by default). */
export const DATA = process.env.PORT_DATA ?? '/usr/share/datasets/fashion-mnist';

/** The first PORT_LIMIT samples of dataset when that variable is set (to keep test runs short). */
export function limited<T>(dataset: DatasetLike<T>): Subset<T> {
  const n = process.env.PORT_LIMIT;
  return new Subset(dataset, [...Array(n ? Number(n) : dataset.length).keys()]);
}
