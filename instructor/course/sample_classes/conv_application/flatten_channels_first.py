"""forward_propagation flattens P2 channels first, as PyTorch's NCHW tensors do, instead of
with flatten_forward (NHWC order): W3's rows meet the wrong values. Only forward_propagation
loses its points."""

BASE = "solution"


def forward_propagation(X, parameters):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    caches = {}
    Z1, caches["conv1"] = conv_forward(X, W1, b1, stride=1, padding="same")
    A1, caches["relu1"] = relu_forward(Z1)
    P1, caches["pool1"] = max_pool_forward(A1, 8, 8, padding="same")
    Z2, caches["conv2"] = conv_forward(P1, W2, b2, stride=1, padding="same")
    A2, caches["relu2"] = relu_forward(Z2)
    P2, caches["pool2"] = max_pool_forward(A2, 4, 4, padding="same")
    F = P2.transpose(0, 3, 1, 2).reshape(P2.shape[0], -1)
    caches["flatten"] = P2.shape
    Z3, caches["fc"] = affine_forward(F, W3, b3)
    return Z3, caches
