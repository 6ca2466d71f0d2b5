// torchvision.transforms.functional: `transforms.functional.adjustBrightness(img, 1.5)`.
export {};
