// The bucket routes.
import createBucket from './create-bucket.ts';
import deleteBucket from './delete-bucket.ts';
import emptyBucket from './empty-bucket.ts';
import getBucket from './get-bucket.ts';
import listBuckets from './list-buckets.ts';
import updateBucket from './update-bucket.ts';

export const bucketRoutes = [listBuckets, getBucket, createBucket, updateBucket, emptyBucket, deleteBucket];
