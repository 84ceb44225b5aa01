// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA API of an ovnic vDPA device, for the bus driver that uses it:
 * virtio_vdpa.  (vhost_vdpa programs the card through dma_map instead and
 * never calls these.)  The card sits behind no IOMMU, so a DMA address is
 * the physical address, as dma-direct would hand out.  What these ops add
 * is the knowledge that the host kernel's own DMA API produced the
 * device's addresses: only then does the driver let the card translate by
 * identity (MR_IDENTITY).  A process holding /dev/vhost-vdpa-N that never
 * maps anything finds an empty window, not host memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-map-ops.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

#include "vdpa_core.h"

static void ovnic_dma_api_used(struct device *dev)
{
	struct ovnic_vdpa *ovd = container_of(dev, struct ovnic_vdpa,
					      vdpa.dev);

	/* Read first: buffers are mapped per packet, the line stays clean. */
	if (!READ_ONCE(ovd->kernel_dma))
		WRITE_ONCE(ovd->kernel_dma, true);
}

static void *ovnic_dma_alloc(struct device *dev, size_t size,
			     dma_addr_t *dma_handle, gfp_t gfp,
			     unsigned long attrs)
{
	void *vaddr = alloc_pages_exact(size, gfp | __GFP_ZERO);

	if (!vaddr) {
		*dma_handle = DMA_MAPPING_ERROR;
		return NULL;
	}
	ovnic_dma_api_used(dev);
	*dma_handle = virt_to_phys(vaddr);
	return vaddr;
}

static void ovnic_dma_free(struct device *dev, size_t size, void *vaddr,
			   dma_addr_t dma_handle, unsigned long attrs)
{
	free_pages_exact(vaddr, size);
}

static dma_addr_t ovnic_dma_map_page(struct device *dev, struct page *page,
				     unsigned long offset, size_t size,
				     enum dma_data_direction dir,
				     unsigned long attrs)
{
	ovnic_dma_api_used(dev);
	return page_to_phys(page) + offset;
}

/* Nothing to undo: the card reads and writes host memory coherently. */
static void ovnic_dma_unmap_page(struct device *dev, dma_addr_t dma_handle,
				 size_t size, enum dma_data_direction dir,
				 unsigned long attrs)
{
}

static struct page *ovnic_dma_alloc_pages(struct device *dev, size_t size,
					  dma_addr_t *dma_handle,
					  enum dma_data_direction dir,
					  gfp_t gfp)
{
	struct page *page;

	page = alloc_pages_node(dev_to_node(dev), gfp, get_order(size));
	if (!page)
		return NULL;
	*dma_handle = ovnic_dma_map_page(dev, page, 0, size, dir, 0);
	return page;
}

static void ovnic_dma_free_pages(struct device *dev, size_t size,
				 struct page *page, dma_addr_t dma_handle,
				 enum dma_data_direction dir)
{
	__free_pages(page, get_order(size));
}

static int ovnic_dma_map_sg(struct device *dev, struct scatterlist *sgl,
			    int nents, enum dma_data_direction dir,
			    unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	ovnic_dma_api_used(dev);
	for_each_sg(sgl, sg, nents, i) {
		sg_dma_address(sg) = sg_phys(sg);
		sg_dma_len(sg) = sg->length;
	}
	return nents;
}

/* Without sync ops the DMA core skips syncs, as for a coherent device. */
const struct dma_map_ops ovnic_dma_api_ops = {
	.alloc		= ovnic_dma_alloc,
	.free		= ovnic_dma_free,
	.alloc_pages_op	= ovnic_dma_alloc_pages,
	.free_pages	= ovnic_dma_free_pages,
	.map_page	= ovnic_dma_map_page,
	.unmap_page	= ovnic_dma_unmap_page,
	.map_sg		= ovnic_dma_map_sg,
};
