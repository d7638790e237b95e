"""A k-nearest-neighbour classifier with L2 (Euclidean) distance.

Student tasks: the bodies of the three ``compute_distances_*`` methods and of
``predict_labels``. ``train``, ``predict`` and the input checks are given.
"""
import numpy as np

from .input_checks import check_training_data


class KNearestNeighbor:
    """A kNN classifier with L2 distance."""

    def __init__(self):
        self.X_train = None
        self.y_train = None

    def train(self, X, y):
        """
        Train the classifier. For k-nearest neighbours this is just memorizing
        the training data.

        Inputs:
        - X: A numpy array of shape (num_train, D) containing the training data
          consisting of num_train samples each of dimension D.
        - y: A numpy array of shape (num_train,) containing the training labels,
          where y[i] is the label for X[i] (integers >= 0).
        """
        X, y = check_training_data(X, y)
        # float64 so that differences of uint8 pixels cannot wrap around
        self.X_train = X.astype(np.float64)
        self.y_train = y.astype(np.int64)

    def predict(self, X, k=1, num_loops=0):
        """
        Predict labels for test data using this classifier.

        Inputs:
        - X: A numpy array of shape (num_test, D) containing test data consisting
          of num_test samples each of dimension D.
        - k: The number of nearest neighbours that vote for the predicted labels
          (1 <= k <= num_train).
        - num_loops: Determines which implementation to use to compute distances
          between training points and testing points (0, 1 or 2).

        Returns:
        - y: A numpy array of shape (num_test,) containing predicted labels for the
          test data, where y[i] is the predicted label for the test point X[i].
        """
        if num_loops == 0:
            dists = self.compute_distances_no_loops(X)
        elif num_loops == 1:
            dists = self.compute_distances_one_loop(X)
        elif num_loops == 2:
            dists = self.compute_distances_two_loops(X)
        else:
            raise ValueError(f"Invalid value {num_loops!r} for num_loops: use 0, 1 or 2")
        return self.predict_labels(dists, k=k)

    def _check_test_X(self, X):
        """Given helper: check X against the training data and return it as float64."""
        if self.X_train is None:
            raise RuntimeError("The classifier has no training data yet: call train(X_train, y_train) first.")
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.X_train.shape[1]:
            raise ValueError(
                f"X must have shape (num_test, {self.X_train.shape[1]}) like the training data, "
                f"got {X.shape}. Flatten images with X.reshape(X.shape[0], -1)."
            )
        return X.astype(np.float64, copy=False)

    def compute_distances_two_loops(self, X):
        """
        Compute the L2 distance between each test point in X and each training point
        in self.X_train using a nested loop over both the training data and the
        test data.

        Inputs:
        - X: A numpy array of shape (num_test, D) containing test data.

        Returns:
        - dists: A numpy array of shape (num_test, num_train) where dists[i, j]
          is the Euclidean distance between the ith test point and the jth training
          point: sqrt(sum_d (X[i, d] - X_train[j, d])**2).
        """
        X = self._check_test_X(X)
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                #####################################################################
                # TODO:                                                             #
                # Compute the l2 distance between the ith test point and the jth    #
                # training point, and store the result in dists[i, j]. You should   #
                # not use a loop over dimension, nor use np.linalg.norm().          #
                #####################################################################
                ### BEGIN SOLUTION
                diff = X[i] - self.X_train[j]
                dists[i, j] = np.sqrt(np.sum(diff * diff))
                ### END SOLUTION
        return dists

    def compute_distances_one_loop(self, X):
        """
        Compute the L2 distance between each test point in X and each training point
        in self.X_train using a single loop over the test data.

        Input / Output: Same as compute_distances_two_loops
        """
        X = self._check_test_X(X)
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            #######################################################################
            # TODO:                                                               #
            # Compute the l2 distance between the ith test point and all training #
            # points, and store the result in dists[i, :].                        #
            # Do not use np.linalg.norm().                                        #
            #######################################################################
            ### BEGIN SOLUTION
            diff = self.X_train - X[i]
            dists[i, :] = np.sqrt(np.sum(diff * diff, axis=1))
            ### END SOLUTION
        return dists

    def compute_distances_no_loops(self, X):
        """
        Compute the L2 distance between each test point in X and each training point
        in self.X_train using no explicit loops.

        Input / Output: Same as compute_distances_two_loops

        Hint: expand ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b. The products a.b for all
        pairs are one matrix multiplication, and the squared norms broadcast against
        it. Rounding can make an expanded square slightly negative (about -1e-9 when
        a test point equals a training point): clip those at 0 before the square root,
        or you get NaN.
        """
        X = self._check_test_X(X)
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        #########################################################################
        # TODO:                                                                 #
        # Compute the l2 distance between all test points and all training      #
        # points without using any explicit loops, and store the result in      #
        # dists. Use only basic array operations: no scipy, no np.linalg.norm(). #
        #########################################################################
        ### BEGIN SOLUTION
        test_sq = np.sum(X * X, axis=1)                          # ||a||^2, (num_test,)
        train_sq = np.sum(self.X_train * self.X_train, axis=1)   # ||b||^2, (num_train,)
        # -2 a.b for all pairs: one matrix product (scaling the smaller matrix X is cheaper
        # than scaling the product). The in-place updates below (+=, out=) avoid making a
        # new (num_test, num_train) array at every step.
        sq = (-2.0 * X) @ self.X_train.T                         # (num_test, num_train)
        sq += test_sq[:, None]
        sq += train_sq[None, :]
        np.maximum(sq, 0.0, out=sq)                              # rounding can give tiny negatives
        dists = np.sqrt(sq, out=sq)
        ### END SOLUTION
        return dists

    def predict_labels(self, dists, k=1):
        """
        Given a matrix of distances between test points and training points,
        predict a label for each test point.

        Inputs:
        - dists: A numpy array of shape (num_test, num_train) where dists[i, j]
          gives the distance between the ith test point and the jth training point.
        - k: How many nearest neighbours vote (1 <= k <= num_train).

        Returns:
        - y: A numpy array of shape (num_test,), dtype int64, containing predicted
          labels for the test data, where y[i] is the predicted label for the test
          point X[i].

        Rules: the k nearest neighbours are the k smallest distances in row i. When
        several training points are exactly as far as the k-th nearest, which of them
        count among the k is free: any order among equal distances is right (np.argsort's
        default sort as well as a stable one). The label that occurs most often
        among the k neighbours wins; ties between labels go to the smaller label.
        """
        if self.y_train is None:
            raise RuntimeError("The classifier has no training data yet: call train(X_train, y_train) first.")
        dists = np.asarray(dists)
        num_train = self.y_train.shape[0]
        if dists.ndim != 2 or dists.shape[1] != num_train:
            raise ValueError(f"dists must have shape (num_test, {num_train}), got {dists.shape}")
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= num_train:
            raise ValueError(f"k must be an integer with 1 <= k <= num_train = {num_train}, got k={k!r}")
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test, dtype=np.int64)
        for i in range(num_test):
            # A list of length k storing the labels of the k nearest neighbors to
            # the ith test point.
            closest_y = []
            #########################################################################
            # TODO:                                                                 #
            # Use the distance matrix to find the k nearest neighbors of the ith    #
            # testing point, and use self.y_train to find the labels of these       #
            # neighbors. Store these labels in closest_y.                           #
            # Hint: Look up the function numpy.argsort.                             #
            #########################################################################
            # TODO:                                                                 #
            # Now that you have found the labels of the k nearest neighbors, you    #
            # need to find the most common label in the list closest_y of labels.   #
            # Store this label in y_pred[i]. Break ties by choosing the smaller     #
            # label.                                                                #
            #########################################################################
            ### BEGIN SOLUTION
            nearest = np.argsort(dists[i], kind="stable")[:k]
            closest_y = self.y_train[nearest]
            # bincount counts each label; argmax returns the first (smallest) label among ties
            y_pred[i] = np.argmax(np.bincount(closest_y))
            ### END SOLUTION
        return y_pred
