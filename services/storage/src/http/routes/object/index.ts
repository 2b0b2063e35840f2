// The object routes, split by how their bodies are read: JSON routes, and upload routes that take the raw stream.
import copyObject from './copy-object.ts';
import createObject from './create-object.ts';
import deleteObject from './delete-object.ts';
import deleteObjects from './delete-objects.ts';
import getObject from './get-object.ts';
import getObjectInfo from './get-object-info.ts';
import getPublicObject from './get-public-object.ts';
import getSignedObject from './get-signed-object.ts';
import getSignedUploadUrl from './get-signed-upload-url.ts';
import getSignedUrl from './get-signed-url.ts';
import getSignedUrls from './get-signed-urls.ts';
import listObjects from './list-objects.ts';
import listObjectsV2 from './list-objects-v2.ts';
import moveObject from './move-object.ts';
import updateObject from './update-object.ts';
import uploadSignedObject from './upload-signed-object.ts';

export const objectRoutes = [
  getObject, getPublicObject, getObjectInfo, listObjects, listObjectsV2, moveObject, copyObject, deleteObjects,
  deleteObject, getSignedUrl, getSignedUrls, getSignedObject, getSignedUploadUrl,
];

export const objectUploadRoutes = [createObject, updateObject, uploadSignedObject];
