# "Neural Networks", pytorch/tutorials beginner_source/blitz/neural_networks_tutorial.py (BSD-3),
# code as in the tutorial, prose comments shortened. Changed for this repository's checks: a seed
# (the tutorial has none), grad_fn nodes printed by name() (Python prints
# their address) and, at the end, the loss after the optimizer's step is printed.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        # 1 input image channel, 6 output channels, 5x5 square convolution
        # kernel
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # an affine operation: y = Wx + b
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # 5*5 from image dimension
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, input):
        # Convolution layer C1, outputs (N, 6, 28, 28)
        c1 = F.relu(self.conv1(input))
        # Subsampling layer S2, outputs (N, 6, 14, 14)
        s2 = F.max_pool2d(c1, (2, 2))
        # Convolution layer C3, outputs (N, 16, 10, 10)
        c3 = F.relu(self.conv2(s2))
        # Subsampling layer S4, outputs (N, 16, 5, 5)
        s4 = F.max_pool2d(c3, 2)
        # Flatten operation, outputs (N, 400)
        s4 = torch.flatten(s4, 1)
        # Fully connected layer F5, outputs (N, 120)
        f5 = F.relu(self.fc1(s4))
        # Fully connected layer F6, outputs (N, 84)
        f6 = F.relu(self.fc2(f5))
        # Gaussian layer OUTPUT, outputs (N, 10)
        output = self.fc3(f6)
        return output


net = Net()
print(net)

params = list(net.parameters())
print(len(params))
print(params[0].size())  # conv1's .weight

input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)

net.zero_grad()
out.backward(torch.randn(1, 10))

output = net(input)
target = torch.randn(10)  # a dummy target, for example
target = target.view(1, -1)  # make it the same shape as output
criterion = nn.MSELoss()

loss = criterion(output, target)
print(loss)

print(loss.grad_fn.name())  # MSELoss
print(loss.grad_fn.next_functions[0][0].name())  # Linear
print(loss.grad_fn.next_functions[0][0].next_functions[0][0].name())  # ReLU

net.zero_grad()     # zeroes the gradient buffers of all parameters

print('conv1.bias.grad before backward')
print(net.conv1.bias.grad)

loss.backward()

print('conv1.bias.grad after backward')
print(net.conv1.bias.grad)

learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)

import torch.optim as optim

# create your optimizer
optimizer = optim.SGD(net.parameters(), lr=0.01)

# in your training loop:
optimizer.zero_grad()   # zero the gradient buffers
output = net(input)
loss = criterion(output, target)
loss.backward()
optimizer.step()    # Does the update

print(criterion(net(input), target))
