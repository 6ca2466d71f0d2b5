// torchvision.ops: box utilities, NMS, RoI pooling, feature pyramids and detection losses,
// written over tensor ops (torchvision runs some of them as C++ kernels of its own).
export {};
