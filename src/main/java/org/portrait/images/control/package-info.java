/** Turns an uploaded image of any supported format into an sRGB JPEG original and its square thumbnails. */
package org.portrait.images.control;
