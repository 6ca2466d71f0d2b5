// The CUDA-default switch: TORCH_NODE_TEST_DEVICE=cuda (or cuda:N, meta) runs the tests with that
// device as torch.setDefaultDevice(), so every factory call without a device (torch.zeros,
// torch.randn, torch.tensor, nn layers' parameters, ...) creates on it. `npm run test:cuda` runs
// the CUDA subset this way. Unset (the default) it does nothing and loads nothing.
const device = process.env.TORCH_NODE_TEST_DEVICE;
if (device !== undefined && device !== '' && device !== 'cpu') {
  const torch = await import('../lib/index.js');
  if (device.startsWith('cuda') && !torch.cuda.isAvailable()) {
    throw new Error(`TORCH_NODE_TEST_DEVICE=${device}: CUDA is not available here (LibTorch ${torch.libtorchVersion}, ` +
      `${torch.cuda.deviceCount()} devices); unset it to test on the CPU`);
  }
  torch.setDefaultDevice(device);
}
